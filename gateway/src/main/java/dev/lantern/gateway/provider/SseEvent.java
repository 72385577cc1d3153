package dev.lantern.gateway.provider;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event of an OpenAI-format stream: {@code data} (a JSON chunk or {@code
 * [DONE]}), optionally an {@code event} name, or a comment (a keep-alive such as OpenRouter's
 * {@code : OPENROUTER PROCESSING}).
 */
public record SseEvent(String event, String data, String comment) {
  public static final String DONE = "[DONE]";

  public static SseEvent data(String data) {
    return new SseEvent(null, data, null);
  }

  public static SseEvent comment(String comment) {
    return new SseEvent(null, null, comment);
  }

  public boolean isComment() {
    return comment != null;
  }

  public boolean isDone() {
    return DONE.equals(data);
  }

  /** The event as bytes on the wire, ending with the blank line that dispatches it. */
  public byte[] toBytes() {
    StringBuilder out = new StringBuilder((data == null ? 0 : data.length()) + 16);
    if (comment != null) {
      out.append(':').append(comment).append('\n');
    } else {
      if (event != null) {
        out.append("event: ").append(event).append('\n');
      }
      // A data field cannot hold a newline: each line of the payload gets its own "data:".
      int start = 0;
      int newline;
      while ((newline = data.indexOf('\n', start)) >= 0) {
        out.append("data: ").append(data, start, newline).append('\n');
        start = newline + 1;
      }
      out.append("data: ").append(data, start, data.length()).append('\n');
    }
    return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }
}
