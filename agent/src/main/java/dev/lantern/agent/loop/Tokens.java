package dev.lantern.agent.loop;

import dev.lantern.agent.llm.Message;
import java.util.List;

/**
 * A tokenizer-free estimate: about 4 characters per token for English and JSON, plus a few tokens
 * of framing per message. Good enough to decide when to compress; exact counts come back in the
 * model's {@code usage}.
 */
public final class Tokens {
  private static final int FRAMING = 4;

  private Tokens() {}

  public static int estimate(List<Message> messages) {
    long chars = 0;
    for (Message message : messages) {
      chars += message.size();
    }
    return (int) Math.min(Integer.MAX_VALUE, chars / 4 + (long) FRAMING * messages.size());
  }

  public static int estimate(String text) {
    return text.length() / 4;
  }
}
