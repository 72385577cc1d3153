package dev.lantern.gateway.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Incremental server-sent-events parser (the WHATWG event-stream format) over bytes as they
 * arrive. Small and allocation-light because it sits on the streaming hot path; no library
 * offers one without pulling in another HTTP client.
 *
 * <p>Lines end with LF or CRLF. {@code data:} lines accumulate until a blank line dispatches the
 * event; comment lines are emitted at once so keep-alives can be forwarded.
 */
public final class SseParser {
  /** A line or an event longer than this is not an SSE stream an LLM API would send. */
  public static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;

  private final ArrayDeque<SseEvent> ready = new ArrayDeque<>();
  private byte[] line = new byte[8 * 1024];
  private int lineLength;
  private StringBuilder data;
  private String eventName;

  /** Feeds bytes; complete events become available from {@link #poll()}. */
  public void feed(ByteBuffer bytes) {
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (b == '\n') {
        int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        processLine(new String(line, 0, end, StandardCharsets.UTF_8));
        lineLength = 0;
      } else {
        if (lineLength == line.length) {
          if (line.length >= MAX_EVENT_BYTES) {
            throw new IllegalStateException("an event-stream line is longer than " + MAX_EVENT_BYTES + " bytes");
          }
          line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_EVENT_BYTES));
        }
        line[lineLength++] = b;
      }
    }
  }

  /** The next complete event, or null when more bytes are needed. */
  public SseEvent poll() {
    return ready.poll();
  }

  private void processLine(String text) {
    if (text.isEmpty()) {
      if (data != null) {
        ready.add(new SseEvent(eventName, data.toString(), null));
      }
      data = null;
      eventName = null;
      return;
    }
    if (text.charAt(0) == ':') {
      ready.add(SseEvent.comment(text.substring(1)));
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (!value.isEmpty() && value.charAt(0) == ' ') {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
        if (data.length() > MAX_EVENT_BYTES) {
          throw new IllegalStateException("an event-stream event is longer than " + MAX_EVENT_BYTES + " characters");
        }
      }
      case "event" -> eventName = value;
      default -> {
        // "id" and "retry" mean nothing to a one-shot completion stream.
      }
    }
  }
}
