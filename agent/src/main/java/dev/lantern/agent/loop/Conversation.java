package dev.lantern.agent.loop;

import dev.lantern.agent.llm.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one session as the model will see them: the system prompt first, then turns.
 * Compression rewrites it in place; {@link #appended()} counts every message ever added, so that
 * a store can persist exactly the new ones.
 */
public final class Conversation {
  private final List<Message> messages = new ArrayList<>();
  private long appended;

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

  public synchronized void add(Message message) {
    messages.add(message);
    appended++;
  }

  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  public synchronized int size() {
    return messages.size();
  }

  public synchronized long appended() {
    return appended;
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
