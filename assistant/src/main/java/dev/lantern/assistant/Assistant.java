package dev.lantern.assistant;

import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.OpenAiChatClient;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.mcp.McpServers;
import dev.lantern.agent.tool.Tool;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.memory.MemoryStore;
import dev.lantern.assistant.pairing.Pairing;
import dev.lantern.common.secret.Secrets;
import dev.lantern.assistant.memory.MemoryTool;
import dev.lantern.assistant.review.Reviewer;
import dev.lantern.assistant.session.SessionStore;
import dev.lantern.assistant.skills.SkillStore;
import dev.lantern.assistant.skills.SkillTools;
import dev.lantern.assistant.tools.Clarifier;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The personal assistant's shared parts: the model client, memory, skills, the session store, the
 * MCP servers and the background reviewer, over one home directory. Conversations are
 * {@link ChatSession}s: the CLI has one, the Telegram front end one per chat.
 */
public final class Assistant implements AutoCloseable {
  /** The owner, under memory.scope: user: whoever holds the terminal or the API key. */
  public static final String OWNER = SessionStore.OWNER;
  static final String DEFAULT_SOUL = """
      You are Lantern, a private assistant that runs on the user's own small Kubernetes cluster. Be direct, \
      accurate and brief. You can look into the cluster with the mcp_kubernetes_* tools (read-only): check before \
      you claim anything about it. Keep durable facts with the memory tool, reuse and write skills for procedures, \
      and use session_search when the user refers to an earlier conversation.""";

  private final LanternHome home;
  private final AssistantConfig config;
  private final ChatModel model;
  private final MemoryStore memory;
  private final Map<String, MemoryStore> userMemories = new ConcurrentHashMap<>();
  private final SkillStore skills;
  private final SessionStore sessions;
  private final Pairing pairing;
  private final McpServers mcp;
  private final Reviewer reviewer;

  private Assistant(LanternHome home, AssistantConfig config, ChatModel model, McpServers mcp) {
    this.home = home;
    this.config = config;
    this.model = model;
    this.memory = new MemoryStore(home.memories(), config.memory().memoryCharLimit(), config.memory().userCharLimit());
    this.skills = new SkillStore(home.skills());
    this.sessions = SessionStore.open(home.stateDb());
    this.pairing = Pairing.open(home.stateDb(), Clock.systemUTC());
    this.mcp = mcp;
    this.reviewer = new Reviewer(model, config.agentSettings());
  }

  /**
   * Opens the assistant over a prepared home. MCP servers get up to {@code mcpWait} to connect, so
   * that the first turn already has their tools; a server that is down does not hold it up.
   */
  public static Assistant open(LanternHome home, AssistantConfig config, Duration mcpWait) throws InterruptedException {
    ChatModel model = new OpenAiChatClient(config.baseUrl(), config.apiKey(), Duration.ofSeconds(10),
        Duration.ofSeconds(180), Duration.ofSeconds(90));
    return open(home, config, mcpWait, model);
  }

  public static Assistant open(LanternHome home, AssistantConfig config, Duration mcpWait, ChatModel model)
      throws InterruptedException {
    McpServers mcp = McpServers.start(config.mcpServers());
    try {
      mcp.awaitFirstAttempts(mcpWait);
      return new Assistant(home, config, model, mcp);
    } catch (RuntimeException | InterruptedException e) {
      mcp.close(); // stdio servers are child processes: never leave them behind
      throw e;
    }
  }

  /** A new conversation for {@code source} ("cli", "telegram:CHAT:USER"), as the user that source names. */
  public ChatSession startSession(String source, Clarifier clarifier, List<Tool> extraTools) {
    return startSession(source, userOf(source), clarifier, extraTools);
  }

  /** A new conversation on behalf of {@code user} ({@link #userOf}), such as a job its user created. */
  public ChatSession startSession(String source, String user, Clarifier clarifier, List<Tool> extraTools) {
    ChatSession session = new ChatSession(this, source, user, clarifier, extraTools);
    session.reset();
    return session;
  }

  public ChatSession startSession(String source, Clarifier clarifier) {
    return startSession(source, clarifier, List.of());
  }

  /** The latest conversation of {@code source} that has messages, continued; empty when there is none. */
  public Optional<ChatSession> resumeSession(String source, Clarifier clarifier, List<Tool> extraTools) {
    ChatSession session = new ChatSession(this, source, userOf(source), clarifier, extraTools);
    return session.resumeLatest() ? Optional.of(session) : Optional.empty();
  }

  public Optional<ChatSession> resumeSession(String source, Clarifier clarifier) {
    return resumeSession(source, clarifier, List.of());
  }

  public AssistantConfig config() {
    return config;
  }

  public ChatModel chatModel() {
    return model;
  }

  /** The owner's memory: the CLI's, the API's and the web chat's (and everyone's with memory.scope: global). */
  public MemoryStore memory() {
    return memory;
  }

  /**
   * Whose memory and sessions a conversation from {@code source} sees. Null with
   * {@code memory.scope: global}: one memory, every session. With {@code user}: a Telegram user
   * ({@code telegram-42}) or an API caller named by OpenAI's {@code user} field is a user of their
   * own; the terminal, the API key's own sessions and the web chat are the owner's ({@link #OWNER}).
   */
  public String userOf(String source) {
    if (!config.memory().perUser()) {
      return null;
    }
    String[] parts = source.split(":");
    if (parts.length == 3 && parts[0].matches("[a-z]{1,20}") && parts[2].matches("\\d{1,19}")) {
      return parts[0] + "-" + parts[2]; // a chat key: telegram:CHAT:USER, discord:CHANNEL:USER
    }
    if (parts[0].equals("api-user") && parts.length == 2 && parts[1].matches("[0-9a-f]{1,64}")) {
      return "api-user-" + parts[1];
    }
    if (source.equals("cli") || source.equals("home") || source.equals("api") || parts[0].equals("api")) {
      return OWNER;
    }
    // Anything else is nobody's but its own: never the owner's files by accident.
    return "other-" + Secrets.sha256Hex(source).substring(0, 16);
  }

  /** The memory files {@code user} reads and writes: the owner's (and everyone's) at the top of memories/. */
  public MemoryStore memoryFor(String user) {
    if (user == null || user.equals(OWNER)) {
      return memory;
    }
    if (!user.matches("[a-z-]{1,30}-[0-9a-f]{1,64}")) {
      throw new IllegalArgumentException("not a user: " + user); // it names a directory
    }
    return userMemories.computeIfAbsent(user, key -> new MemoryStore(home.memories().resolve("users").resolve(key),
        config.memory().memoryCharLimit(), config.memory().userCharLimit()));
  }

  public SkillStore skills() {
    return skills;
  }

  /** The users the owner paired, and the strangers' pending codes (state.db). */
  public Pairing pairing() {
    return pairing;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public McpServers mcp() {
    return mcp;
  }

  public Reviewer reviewer() {
    return reviewer;
  }

  /** Queues a memory flush of messages that are leaving a context (compression, a reset), into their user's memory. */
  void flushMemory(String user, List<Message> leaving) {
    if (memoryEnabled() && leaving.stream().anyMatch(m -> m.role() == Role.USER)) {
      reviewer.review(Reviewer.FLUSH_PROMPT, currentMemory(user), leaving, List.of(new MemoryTool(memoryFor(user))));
    }
  }

  /** Queues the reviews that are due after a turn. */
  void queueReviews(String user, List<Message> messages, int userTurns, boolean skillReviewDue) {
    int memoryEvery = config.memory().reviewEveryUserTurns();
    if (memoryEvery > 0 && userTurns % memoryEvery == 0 && memoryEnabled()) {
      reviewer.review(prompt(config.memory().reviewPrompt(), Reviewer.MEMORY_PROMPT), currentMemory(user), messages,
          List.of(new MemoryTool(memoryFor(user))));
    }
    if (skillReviewDue) {
      reviewer.review(prompt(config.skills().reviewPrompt(), Reviewer.SKILL_PROMPT), SkillTools.index(skills), messages,
          SkillTools.all(skills));
    }
  }

  /** The tools every session has: its user's memory and the shared skills. */
  List<Tool> sharedTools(String user) {
    List<Tool> tools = new ArrayList<>();
    tools.add(new MemoryTool(memoryFor(user)));
    tools.addAll(SkillTools.all(skills));
    return tools;
  }

  private boolean memoryEnabled() {
    return config.memory().memoryEnabled() || config.memory().userProfileEnabled();
  }

  private String currentMemory(String user) {
    return "Current memory:\n" + memoryFor(user).snapshot(true, true);
  }

  private static String prompt(String configured, String fallback) {
    return configured == null || configured.isBlank() ? fallback : configured;
  }

  /** SOUL.md (or the default identity), the time, {@code user}'s memory snapshot and the skill index. */
  String systemPrompt(String user) {
    StringBuilder prompt = new StringBuilder(soul());
    prompt.append("\n\nIt is now ").append(ZonedDateTime.now(config.timezone())
        .format(DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd HH:mm"))).append(" (").append(config.timezone().getId())
        .append(").");
    String snapshot = memoryFor(user).snapshot(config.memory().memoryEnabled(), config.memory().userProfileEnabled());
    if (!snapshot.isBlank()) {
      prompt.append("\n\n# Memory (saved in earlier sessions)\n").append(snapshot);
    }
    String index = SkillTools.index(skills);
    if (!index.isBlank()) {
      prompt.append("\n\n").append(index);
    }
    return prompt.toString();
  }

  private String soul() {
    try {
      if (Files.isRegularFile(home.soul())) {
        String soul = Files.readString(home.soul()).strip();
        if (!soul.isEmpty()) {
          return soul;
        }
      }
    } catch (IOException e) {
      // fall back to the default identity; doctor reports unreadable files
    }
    return DEFAULT_SOUL;
  }

  /** Waits for the queued reviews, then stops the reviewer, the MCP servers and the store. */
  @Override
  public void close() {
    reviewer.close();
    mcp.close();
    pairing.close();
    sessions.close();
  }
}
