package dev.lantern.assistant;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.OpenAiChatClient;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.loop.Agent;
import dev.lantern.agent.loop.AgentSettings;
import dev.lantern.agent.loop.Conversation;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.agent.mcp.McpServers;
import dev.lantern.agent.tool.ToolBox;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.memory.MemoryStore;
import dev.lantern.assistant.memory.MemoryTool;
import dev.lantern.assistant.review.Reviewer;
import dev.lantern.assistant.session.SessionSearchTool;
import dev.lantern.assistant.session.SessionStore;
import dev.lantern.assistant.skills.SkillStore;
import dev.lantern.assistant.skills.SkillTools;
import dev.lantern.assistant.tools.ClarifyTool;
import dev.lantern.assistant.tools.Clarifier;
import dev.lantern.assistant.tools.TodoTool;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The personal assistant: one agent with memory, skills, sessions, a todo list, clarifying
 * questions and the configured MCP servers' tools, over one home directory.
 *
 * <p>Each session starts with a system prompt built from {@code SOUL.md}, a frozen snapshot of the
 * memory files and the skill index. Each turn is saved to {@code state.db} when it ends. Reviews
 * that keep memory and skills up to date run in the background afterwards.
 */
public final class Assistant implements AutoCloseable {
  static final String DEFAULT_SOUL = """
      You are Lantern, a private assistant that runs on the user's own small Kubernetes cluster. Be direct, \
      accurate and brief. You can look into the cluster with the mcp_kubernetes_* tools (read-only): check before \
      you claim anything about it. Keep durable facts with the memory tool, reuse and write skills for procedures, \
      and use session_search when the user refers to an earlier conversation.""";

  private final LanternHome home;
  private final AssistantConfig config;
  private final String source;
  private final ChatModel model;
  private final MemoryStore memory;
  private final SkillStore skills;
  private final SessionStore sessions;
  private final McpServers mcp;
  private final Reviewer reviewer;
  private final ToolBox tools;
  private Agent agent;
  private AgentSettings settings;
  private volatile TodoTool todo = new TodoTool();
  private volatile String sessionId;
  private Conversation conversation;
  private int userTurns;
  private int toolIterationsSinceSkillReview;

  private Assistant(LanternHome home, AssistantConfig config, String source, ChatModel model, Clarifier clarifier,
      McpServers mcp) {
    this.home = home;
    this.config = config;
    this.source = source;
    this.model = model;
    this.settings = config.agentSettings();
    this.memory = new MemoryStore(home.memories(), config.memory().memoryCharLimit(), config.memory().userCharLimit());
    this.skills = new SkillStore(home.skills());
    this.sessions = SessionStore.open(home.stateDb());
    this.mcp = mcp;
    this.reviewer = new Reviewer(model, settings);
    this.tools = new ToolBox()
        .add(new MemoryTool(memory))
        .add(SkillTools.all(skills))
        .add(new SessionSearchTool(sessions, () -> sessionId, model, settings.model()))
        .add(() -> List.of(todo))
        .add(new ClarifyTool(clarifier))
        .add(mcp);
    this.agent = new Agent(model, tools, settings, leaving -> flushMemory(leaving));
  }

  /**
   * Opens the assistant over a prepared home. MCP servers get up to {@code mcpWait} to connect, so
   * that the first turn already has their tools; a server that is down does not hold it up.
   */
  public static Assistant open(LanternHome home, AssistantConfig config, String source, Clarifier clarifier,
      Duration mcpWait) throws InterruptedException {
    ChatModel model = new OpenAiChatClient(config.baseUrl(), config.apiKey(), Duration.ofSeconds(10),
        Duration.ofSeconds(180), Duration.ofSeconds(90));
    return open(home, config, source, clarifier, mcpWait, model);
  }

  public static Assistant open(LanternHome home, AssistantConfig config, String source, Clarifier clarifier,
      Duration mcpWait, ChatModel model) throws InterruptedException {
    McpServers mcp = McpServers.start(config.mcpServers());
    try {
      mcp.awaitFirstAttempts(mcpWait);
      return new Assistant(home, config, source, model, clarifier, mcp);
    } catch (RuntimeException | InterruptedException e) {
      mcp.close(); // stdio servers are child processes: never leave them behind
      throw e;
    }
  }

  public AssistantConfig config() {
    return config;
  }

  public String model() {
    return settings.model();
  }

  public MemoryStore memory() {
    return memory;
  }

  public SkillStore skills() {
    return skills;
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

  /** Switches the model for the following turns (the chat's /model command). */
  public synchronized void useModel(String name) {
    settings = settings.withModel(name);
    agent = new Agent(model, tools, settings, leaving -> flushMemory(leaving));
  }

  public synchronized String sessionId() {
    return sessionId;
  }

  /** Starts a fresh session; what the old one held that is worth keeping is flushed to memory first. */
  public synchronized String newSession() {
    if (conversation != null && userTurns > 0) {
      flushMemory(conversation.messages());
      sessions.endSession(sessionId);
    }
    sessionId = sessions.startSession(source, settings.model());
    conversation = new Conversation(Message.system(systemPrompt()));
    todo = new TodoTool();
    userTurns = 0;
    toolIterationsSinceSkillReview = 0;
    return sessionId;
  }

  /** Continues this source's latest session, with a fresh system prompt; false when there is none. */
  public synchronized boolean resumeLatest() {
    Optional<String> latest = sessions.latest(source).map(info -> info.id());
    if (latest.isEmpty()) {
      return false;
    }
    List<Message> history = new ArrayList<>();
    history.add(Message.system(systemPrompt()));
    history.addAll(sessions.messages(latest.get()));
    sessionId = latest.get();
    conversation = Conversation.resume(history);
    userTurns = (int) history.stream().filter(m -> m.role() == Role.USER).count();
    return true;
  }

  /** Runs one user turn, saves it, and queues the reviews that are due. */
  public synchronized TurnOutcome ask(String text, TurnListener listener, Cancellation cancellation) {
    if (conversation == null) {
      newSession();
    }
    TurnOutcome outcome = agent.run(conversation, text, listener, cancellation);
    sessions.appendTurn(sessionId, conversation.drainUnsaved());
    userTurns++;
    toolIterationsSinceSkillReview += outcome.iterations();
    queueReviews();
    return outcome;
  }

  public synchronized List<Message> conversation() {
    return conversation == null ? List.of() : conversation.messages();
  }

  private void queueReviews() {
    List<Message> messages = conversation.messages();
    int memoryEvery = config.memory().reviewEveryUserTurns();
    if (memoryEvery > 0 && userTurns % memoryEvery == 0 && memoryEnabled()) {
      reviewer.review(prompt(config.memory().reviewPrompt(), Reviewer.MEMORY_PROMPT), currentMemory(), messages,
          List.of(new MemoryTool(memory)));
    }
    int skillEvery = config.skills().reviewEveryToolIterations();
    if (skillEvery > 0 && toolIterationsSinceSkillReview >= skillEvery) {
      toolIterationsSinceSkillReview = 0;
      reviewer.review(prompt(config.skills().reviewPrompt(), Reviewer.SKILL_PROMPT), SkillTools.index(skills), messages,
          SkillTools.all(skills));
    }
  }

  private void flushMemory(List<Message> leaving) {
    if (memoryEnabled() && leaving.stream().anyMatch(m -> m.role() == Role.USER)) {
      reviewer.review(Reviewer.FLUSH_PROMPT, currentMemory(), leaving, List.of(new MemoryTool(memory)));
    }
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
    prompt.append("\n\nIt is now ").append(ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd HH:mm 'UTC'"))).append('.');
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

  @Override
  public void close() {
    reviewer.close();
    mcp.close();
    synchronized (this) {
      if (sessionId != null) {
        sessions.endSession(sessionId);
      }
    }
    sessions.close();
  }
}
