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
import java.util.Optional;

/**
 * The personal assistant's shared parts: the model client, memory, skills, the session store, the
 * MCP servers and the background reviewer, over one home directory. Conversations are
 * {@link ChatSession}s: the CLI has one, the Telegram front end one per chat.
 */
public final class Assistant implements AutoCloseable {
  static final String DEFAULT_SOUL = """
      You are Lantern, a private assistant that runs on the user's own small Kubernetes cluster. Be direct, \
      accurate and brief. You can look into the cluster with the mcp_kubernetes_* tools (read-only): check before \
      you claim anything about it. Keep durable facts with the memory tool, reuse and write skills for procedures, \
      and use session_search when the user refers to an earlier conversation.""";

  private final LanternHome home;
  private final AssistantConfig config;
  private final ChatModel model;
  private final MemoryStore memory;
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

  /** A new conversation for {@code source} ("cli", "telegram:CHAT:USER"). */
  public ChatSession startSession(String source, Clarifier clarifier, List<Tool> extraTools) {
    ChatSession session = new ChatSession(this, source, clarifier, extraTools);
    session.reset();
    return session;
  }

  public ChatSession startSession(String source, Clarifier clarifier) {
    return startSession(source, clarifier, List.of());
  }

  /** The latest conversation of {@code source} that has messages, continued; empty when there is none. */
  public Optional<ChatSession> resumeSession(String source, Clarifier clarifier, List<Tool> extraTools) {
    ChatSession session = new ChatSession(this, source, clarifier, extraTools);
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

  public MemoryStore memory() {
    return memory;
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

  /** Queues a memory flush of messages that are leaving a context (compression, a reset). */
  void flushMemory(List<Message> leaving) {
    if (memoryEnabled() && leaving.stream().anyMatch(m -> m.role() == Role.USER)) {
      reviewer.review(Reviewer.FLUSH_PROMPT, currentMemory(), leaving, List.of(new MemoryTool(memory)));
    }
  }

  /** Queues the reviews that are due after a turn. */
  void queueReviews(List<Message> messages, int userTurns, boolean skillReviewDue) {
    int memoryEvery = config.memory().reviewEveryUserTurns();
    if (memoryEvery > 0 && userTurns % memoryEvery == 0 && memoryEnabled()) {
      reviewer.review(prompt(config.memory().reviewPrompt(), Reviewer.MEMORY_PROMPT), currentMemory(), messages,
          List.of(new MemoryTool(memory)));
    }
    if (skillReviewDue) {
      reviewer.review(prompt(config.skills().reviewPrompt(), Reviewer.SKILL_PROMPT), SkillTools.index(skills), messages,
          SkillTools.all(skills));
    }
  }

  /** The tools every session shares: memory, skills and the MCP servers'. */
  List<Tool> sharedTools() {
    List<Tool> tools = new ArrayList<>();
    tools.add(new MemoryTool(memory));
    tools.addAll(SkillTools.all(skills));
    return tools;
  }

  private boolean memoryEnabled() {
    return config.memory().memoryEnabled() || config.memory().userProfileEnabled();
  }

  private String currentMemory() {
    return "Current memory:\n" + memory.snapshot(true, true);
  }

  private static String prompt(String configured, String fallback) {
    return configured == null || configured.isBlank() ? fallback : configured;
  }

  /** SOUL.md (or the default identity), the time, the memory snapshot and the skill index. */
  String systemPrompt() {
    StringBuilder prompt = new StringBuilder(soul());
    prompt.append("\n\nIt is now ").append(ZonedDateTime.now(config.timezone())
        .format(DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd HH:mm"))).append(" (").append(config.timezone().getId())
        .append(").");
    String snapshot = memory.snapshot(config.memory().memoryEnabled(), config.memory().userProfileEnabled());
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
