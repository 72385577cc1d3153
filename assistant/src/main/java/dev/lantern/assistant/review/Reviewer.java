package dev.lantern.assistant.review;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.loop.Agent;
import dev.lantern.agent.loop.AgentSettings;
import dev.lantern.agent.loop.Compressor;
import dev.lantern.agent.loop.Conversation;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolBox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-improvement reviews, run one at a time on a background thread after the reply has gone
 * out, so they never delay it. Each review is a short agent run of its own (at most
 * {@link #REVIEW_TURNS} tool iterations) that sees a transcript of the conversation and only the
 * tools it may use: the memory tool for memory reviews and flushes, the skill tools for skill
 * reviews.
 */
public final class Reviewer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reviewer.class);
  static final int REVIEW_TURNS = 8;
  private static final int MAX_TRANSCRIPT = 16_000;

  public static final String MEMORY_PROMPT = """
      You are reviewing a conversation between you (the assistant) and the user, to keep what will matter in \
      future sessions. Save with the memory tool: facts about the user (target user: name, role, preferences, \
      their setup, how they like answers) and durable facts about their environment or lessons learnt (target \
      memory). Do not save task progress, one-off details, or anything already in memory below. If nothing is \
      worth keeping, answer exactly: nothing to save.""";
  public static final String FLUSH_PROMPT = """
      These messages are about to be removed from your context. Before they go, save with the memory tool any \
      durable fact in them about the user or their environment that is not yet in memory below. If there is \
      none, answer exactly: nothing to save.""";
  public static final String SKILL_PROMPT = """
      You are reviewing a conversation in which you (the assistant) used tools, to learn from it. If you worked \
      out a procedure that will be useful again (several steps, trial and error, or a correction from the user), \
      save it as a skill with skill_manage (action create, a SKILL.md with frontmatter name and description, then \
      the steps), or improve the skill you followed (action patch). Check skills_list first to avoid duplicates. \
      If nothing is worth saving, answer exactly: nothing to save.""";

  private final ChatModel model;
  private final AgentSettings settings;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("review").factory());

  public Reviewer(ChatModel model, AgentSettings settings) {
    this.model = model;
    this.settings = settings.withMaxTurns(REVIEW_TURNS).withContext(settings.contextWindow(), 1.0, 1, 2);
  }

  /** Queues a review; {@code context} (the current memory, or the skill index) goes into its prompt. */
  public Future<?> review(String prompt, String context, List<Message> messages, List<Tool> tools) {
    List<Message> copy = List.copyOf(messages);
    return executor.submit(() -> {
      try {
        run(prompt, context, copy, tools);
      } catch (RuntimeException e) {
        log.warn("A background review failed: {}", e.getMessage());
      }
    });
  }

  /** Waits for queued reviews, for at most {@code limit}: {@code ask} calls this after printing. */
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    Future<?> marker = executor.submit(() -> { });
    try {
      marker.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  private void run(String prompt, String context, List<Message> messages, List<Tool> tools) {
    Agent reviewer = new Agent(model, new ToolBox().add(tools), settings, Compressor.BeforeSummary.NONE);
    Conversation conversation = new Conversation(Message.system(prompt + (context.isBlank() ? "" : "\n\n" + context)));
    TurnOutcome outcome = reviewer.run(conversation, transcript(messages), TurnListener.SILENT, new Cancellation());
    if (outcome.status() == TurnOutcome.Status.FAILED) {
      log.warn("A background review could not reach the model: {}", outcome.error().getMessage());
    } else {
      log.debug("Review done in {} tool iterations: {}", outcome.iterations(), outcome.answer());
    }
  }

  /** The conversation as text, newest part kept when it is long. */
  static String transcript(List<Message> messages) {
    StringBuilder text = new StringBuilder();
    for (Message message : messages) {
      if (message.role() == Role.SYSTEM) {
        continue;
      }
      text.append(message.role().wire()).append(": ").append(message.content());
      message.toolCalls().forEach(call -> text.append("\n[called ").append(call.name()).append(' ')
          .append(call.arguments()).append(']'));
      text.append("\n\n");
    }
    String all = text.toString();
    String kept = all.length() <= MAX_TRANSCRIPT ? all : "[…earlier part cut…]\n" + all.substring(all.length() - MAX_TRANSCRIPT);
    return "The conversation to review:\n\n" + kept;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
