package dev.lantern.assistant;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.llm.Usage;
import dev.lantern.agent.loop.Agent;
import dev.lantern.agent.loop.AgentSettings;
import dev.lantern.agent.loop.Conversation;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolBox;
import dev.lantern.assistant.session.SessionSearchTool;
import dev.lantern.assistant.tools.ClarifyTool;
import dev.lantern.assistant.tools.Clarifier;
import dev.lantern.assistant.tools.TodoTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One conversation with the assistant: its messages, its saved session in {@code state.db}, its
 * todo list, its model and its own tools (clarify goes to this conversation's user). Each finished
 * turn is saved in one transaction, then the reviews that are due are queued.
 */
public final class ChatSession {
  private final Assistant assistant;
  private final String source;
  /** Whose memory and sessions this conversation sees ({@link Assistant#userOf}); null: everyone's. */
  private final String user;
  private final ToolBox tools;
  // Read without the lock (volatile), so that /status answers while a turn holds it.
  private volatile AgentSettings settings;
  private Agent agent;
  private volatile TodoTool todo = new TodoTool();
  private volatile String sessionId;
  private volatile Conversation conversation;
  private int userTurns;
  private int toolIterationsSinceSkillReview;
  private volatile Usage usage = Usage.NONE;
  private String clientInstructions;

  ChatSession(Assistant assistant, String source, String user, Clarifier clarifier, List<Tool> extraTools) {
    this.assistant = assistant;
    this.source = source;
    this.user = user;
    this.settings = assistant.config().agentSettings();
    this.tools = new ToolBox()
        .add(assistant.sharedTools(user))
        .add(new SessionSearchTool(assistant.sessions(), () -> sessionId, assistant.chatModel(), settings.model(), user))
        .add(() -> List.of(todo))
        .add(new ClarifyTool(clarifier))
        .add(extraTools)
        .add(assistant.mcp());
    this.agent = newAgent();
  }

  private Agent newAgent() {
    return new Agent(assistant.chatModel(), tools, settings, leaving -> assistant.flushMemory(user, leaving));
  }

  public String source() {
    return source;
  }

  /** Whose memory and sessions this conversation sees; null when everyone shares them. */
  public String user() {
    return user;
  }

  public String sessionId() {
    return sessionId;
  }

  public String model() {
    return settings.model();
  }

  /** Tokens used in this conversation since it started (or was resumed in this process). */
  public Usage usage() {
    return usage;
  }

  /** Switches the model for the following turns (/model). */
  public synchronized void useModel(String name) {
    settings = settings.withModel(name);
    agent = newAgent();
  }

  /** Starts afresh; what the old conversation held that is worth keeping is flushed to memory first. */
  public synchronized String reset() {
    if (conversation != null && userTurns > 0) {
      assistant.flushMemory(user, conversation.messages());
      assistant.sessions().endSession(sessionId);
    }
    sessionId = assistant.sessions().startSession(source, settings.model(), user);
    conversation = new Conversation(Message.system(assistant.systemPrompt(user)));
    clientInstructions = null;
    todo = new TodoTool();
    userTurns = 0;
    toolIterationsSinceSkillReview = 0;
    usage = Usage.NONE;
    return sessionId;
  }

  /** Continues this source's latest session, with a fresh system prompt; false when there is none. */
  synchronized boolean resumeLatest() {
    Optional<String> latest = assistant.sessions().latest(source).map(info -> info.id());
    if (latest.isEmpty()) {
      return false;
    }
    List<Message> history = new ArrayList<>();
    history.add(Message.system(assistant.systemPrompt(user)));
    history.addAll(assistant.sessions().messages(latest.get()));
    sessionId = latest.get();
    conversation = Conversation.resume(history);
    clientInstructions = null;
    userTurns = (int) history.stream().filter(m -> m.role() == Role.USER).count();
    return true;
  }

  /**
   * Layers a client's own instructions (an API caller's system message) on the assistant's prompt,
   * which keeps its memory, skills and tools; null puts back the assistant's prompt alone.
   */
  public synchronized void layerInstructions(String clientInstructions) {
    if (java.util.Objects.equals(clientInstructions, this.clientInstructions)) {
      return; // unchanged: the prompt stays frozen for the session, which keeps provider caches warm
    }
    this.clientInstructions = clientInstructions;
    String prompt = assistant.systemPrompt(user);
    conversation.replaceSystemPrompt(Message.system(clientInstructions == null ? prompt
        : prompt + "\n\n## Instructions from the client application\n" + clientInstructions));
  }

  /** Carries on from messages a client kept itself; they are saved with the next turn. */
  public synchronized void carryOn(List<Message> earlier) {
    earlier.forEach(conversation::add);
  }

  /** Whether the conversation has any message beyond the system prompt. */
  public boolean hasHistory() {
    return conversation.size() > 1;
  }

  /** Runs one user turn, saves it, and queues the reviews that are due. */
  public TurnOutcome ask(String text, TurnListener listener, Cancellation cancellation) {
    return ask(text, listener, cancellation, outcome -> List.of());
  }

  /**
   * The same for a turn that answers inbox messages: {@code answered} says, once the turn has
   * ended, which inbox rows to forget in the transaction that saves it, or null to save nothing
   * (the turn was cut short by a shutdown and will be replayed from the inbox).
   */
  public synchronized TurnOutcome ask(String text, TurnListener listener, Cancellation cancellation,
      Function<TurnOutcome, List<Long>> answered) {
    TurnOutcome outcome = agent.run(conversation, text, listener, cancellation);
    List<Long> inboxIds = answered.apply(outcome);
    List<Message> unsaved = conversation.drainUnsaved();
    if (inboxIds == null) {
      return outcome;
    }
    assistant.sessions().appendTurn(sessionId, unsaved, inboxIds);
    usage = usage.plus(outcome.usage());
    userTurns++;
    toolIterationsSinceSkillReview += outcome.iterations();
    int skillEvery = assistant.config().skills().reviewEveryToolIterations();
    boolean skillReviewDue = skillEvery > 0 && toolIterationsSinceSkillReview >= skillEvery;
    if (skillReviewDue) {
      toolIterationsSinceSkillReview = 0;
    }
    assistant.queueReviews(user, conversation.messages(), userTurns, skillReviewDue);
    return outcome;
  }

  public List<Message> messages() {
    return conversation.messages();
  }

  /** Ends the session's row in the store (the conversation stays resumable). */
  public synchronized void end() {
    assistant.sessions().endSession(sessionId);
  }
}
