package dev.lantern.agent.loop;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.llm.ChatRequest;
import dev.lantern.agent.llm.LlmException;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.llm.TextSink;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a conversation under the compression threshold, cheapest step first:
 * <ol>
 *   <li>old tool outputs (outside the last {@code keepLast} messages) are replaced by a one-line
 *       note: they are usually the bulk, and the model's own messages say what it learnt;
 *   <li>if that is not enough, the middle turns are summarised by the model into a structured
 *       summary (goal, progress, decisions, next steps). The first {@code keepFirst} messages and
 *       the last {@code keepLast} stay verbatim, the tail trimmed to half the threshold so that
 *       compression happens every few turns rather than on every call;
 *   <li>if one turn alone is still too big, its older tool outputs are elided too, all but the
 *       last two.
 * </ol>
 * Cuts never separate an assistant's tool calls from their results: the API rejects orphans.
 */
public final class Compressor {
  private static final Logger log = LoggerFactory.getLogger(Compressor.class);
  static final String SUMMARY_HEADER = "[Summary of the earlier conversation, compressed to fit the context window]";
  private static final int ELIDE_ABOVE = 200;
  private static final String SUMMARY_PROMPT = """
      Summarise the conversation below for the assistant that will continue it. It replaces these \
      messages, so keep every fact, name, number and decision that may matter later, and drop chatter.
      Answer in exactly this structure:
      ## Goal
      ## Progress
      ## Decisions
      ## Next steps""";

  /** Told before messages are summarised away, so that what is worth keeping can be saved first. */
  @FunctionalInterface
  public interface BeforeSummary {
    BeforeSummary NONE = messages -> { };

    void messagesLeaving(List<Message> messages);
  }

  private final ChatModel model;
  private final AgentSettings settings;
  private final BeforeSummary beforeSummary;

  public Compressor(ChatModel model, AgentSettings settings, BeforeSummary beforeSummary) {
    this.model = model;
    this.settings = settings;
    this.beforeSummary = beforeSummary;
  }

  public boolean needed(Conversation conversation) {
    return conversation.estimatedTokens() > settings.compressionThreshold();
  }

  /** Compresses if needed; returns a line for the user saying what happened, or null. */
  public String compressIfNeeded(Conversation conversation, Cancellation cancellation) throws LlmException {
    return needed(conversation) ? compress(conversation, cancellation, false) : null;
  }

  /**
   * Compresses now. {@code force} summarises even when eliding alone meets the estimate: the
   * model said the prompt is too long, and it counts tokens better than the estimate does.
   * Returns a line for the user saying what happened.
   *
   * @throws LlmException (cancelled) when the user interrupts the summary: nothing is changed then
   */
  public String compress(Conversation conversation, Cancellation cancellation, boolean force) throws LlmException {
    List<Message> messages = conversation.messages();
    int before = Tokens.estimate(messages);
    int tailStart = tailStart(messages);
    List<Message> elided = new ArrayList<>(messages);
    int count = elide(elided, 0, tailStart);
    if (!force && Tokens.estimate(elided) <= settings.compressionThreshold()) {
      conversation.replaceAll(elided);
      return "compressed the context: elided " + count + " old tool outputs (" + before + " → "
          + Tokens.estimate(elided) + " tokens, estimated)";
    }
    int headEnd = headEnd(elided, tailStart);
    List<Message> rewritten = new ArrayList<>(elided.subList(0, headEnd));
    int summarised = tailStart - headEnd;
    if (summarised > 0) {
      String summary = summarise(elided.subList(headEnd, tailStart), cancellation);
      if (summary == null) {
        if (Tokens.estimate(elided) <= settings.contextWindow()) {
          // Fits the window as it is: keep every message and try the summary again next call.
          conversation.replaceAll(elided);
          return "could not summarise the conversation now; elided " + count + " old tool outputs instead";
        }
        summary = "(" + summarised + " earlier messages were removed to fit the context window; no summary could be"
            + " made)";
      }
      beforeSummary.messagesLeaving(List.copyOf(messages.subList(headEnd, tailStart)));
      rewritten.add(Message.user(SUMMARY_HEADER + "\n" + summary));
    }
    int tailFrom = rewritten.size();
    rewritten.addAll(elided.subList(tailStart, elided.size()));
    if (Tokens.estimate(rewritten) > settings.compressionThreshold()) {
      // The current turn alone is too big (many tool calls): elide its older outputs too, keeping the last two.
      count += elide(rewritten, tailFrom, lastToolResults(rewritten, 2));
    }
    conversation.replaceAll(rewritten);
    return "compressed the context: summarised " + summarised + " messages, elided " + count + " tool outputs ("
        + before + " → " + Tokens.estimate(rewritten) + " tokens, estimated)";
  }

  /** Replaces long tool outputs in [from, to) by a one-line note; returns how many. */
  private static int elide(List<Message> messages, int from, int to) {
    int count = 0;
    for (int i = from; i < to; i++) {
      Message message = messages.get(i);
      if (message.role() == Role.TOOL && message.content().length() > ELIDE_ABOVE
          && !message.content().startsWith("[old tool output elided")) {
        messages.set(i, message.withContent("[old tool output elided: " + message.content().length() + " characters]"));
        count++;
      }
    }
    return count;
  }

  /** The index of the {@code keep}-th tool result from the end (or the list's size when there are fewer). */
  private static int lastToolResults(List<Message> messages, int keep) {
    int seen = 0;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.TOOL && ++seen == keep) {
        return i;
      }
    }
    return messages.size();
  }

  /** The model's summary of {@code middle}, or null when it could not be had (not when cancelled). */
  private String summarise(List<Message> middle, Cancellation cancellation) throws LlmException {
    StringBuilder transcript = new StringBuilder();
    int perMessage = Math.max(500, settings.contextWindow() * 2 / Math.max(1, middle.size()));
    for (Message message : middle) {
      String content = message.content();
      // Bounded, so that the summary request itself fits the window.
      transcript.append(message.role().wire()).append(": ").append(content.length() <= perMessage ? content
          : content.substring(0, perMessage) + "…");
      message.toolCalls().forEach(call -> transcript.append("\n[called ").append(call.name()).append(' ')
          .append(call.arguments()).append(']'));
      transcript.append("\n\n");
    }
    ChatRequest request = new ChatRequest(settings.model(),
        List.of(Message.system(SUMMARY_PROMPT), Message.user(transcript.toString())), List.of(), 1024);
    try {
      return model.complete(request, TextSink.IGNORE, cancellation).message().content().strip();
    } catch (LlmException e) {
      if (e.kind() == LlmException.Kind.CANCELLED || cancellation.isCancelled()) {
        throw new LlmException(LlmException.Kind.CANCELLED, "interrupted");
      }
      log.warn("Could not summarise the conversation: {}", e.getMessage());
      return null;
    }
  }

  /**
   * The first message of the verbatim tail: at most {@code keepLast} messages and at most half the
   * threshold in tokens (so that the next compression is many calls away, not the next one), but
   * always the latest user message, and never a tool result cut from its call.
   */
  private int tailStart(List<Message> messages) {
    int lastUser = messages.size() - 1;
    while (lastUser > 1 && messages.get(lastUser).role() != Role.USER) {
      lastUser--;
    }
    int start = Math.max(1, messages.size() - settings.keepLast());
    int budget = settings.compressionThreshold() / 2;
    while (start < lastUser && Tokens.estimate(messages.subList(start, messages.size())) > budget) {
      start++;
    }
    while (start > 1 && messages.get(start).role() == Role.TOOL) {
      start--;
    }
    return start;
  }

  /** The end of the verbatim head: extended past tool results that belong to a kept call. */
  private int headEnd(List<Message> messages, int tailStart) {
    int end = Math.min(Math.max(1, settings.keepFirst()), tailStart);
    while (end < tailStart && messages.get(end).role() == Role.TOOL) {
      end++;
    }
    return end;
  }
}
