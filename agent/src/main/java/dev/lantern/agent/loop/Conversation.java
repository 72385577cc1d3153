package dev.lantern.agent.loop;

import dev.lantern.agent.llm.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one session as the model will see them: the system prompt first, then turns.
 * Compression rewrites it in place; {@link #drainUnsaved()} still gives a store exactly the
 * messages added since it last saved.
 */
public final class Conversation {
  private final List<Message> messages = new ArrayList<>();
  private final List<Message> unsaved = new ArrayList<>();

  public Conversation(Message systemPrompt) {
    messages.add(systemPrompt);
  }

  public static Conversation resume(List<Message> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("a conversation starts with its system prompt");
    }
    Conversation conversation = new Conversation(history.getFirst());
    conversation.messages.addAll(history.subList(1, history.size()));
    return conversation;
  }

  /** Puts a new system prompt first (it is never saved: every start builds it afresh). */
  public synchronized void replaceSystemPrompt(Message systemPrompt) {
    messages.set(0, systemPrompt);
  }

  public synchronized void add(Message message) {
    messages.add(message);
    unsaved.add(message);
  }

  /**
   * The messages added since the last call, in order, whatever compression did to the live list
   * meanwhile: what a store must persist after a turn.
   */
  public synchronized List<Message> drainUnsaved() {
    List<Message> drained = List.copyOf(unsaved);
    unsaved.clear();
    return drained;
  }

  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  public synchronized int size() {
    return messages.size();
  }

  synchronized void replaceAll(List<Message> rewritten) {
    messages.clear();
    messages.addAll(rewritten);
  }

  /** Roughly the tokens this conversation costs in a prompt (4 characters a token, plus framing). */
  public synchronized int estimatedTokens() {
    return Tokens.estimate(messages);
  }
}
