package dev.lantern.common.http;

import dev.lantern.common.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * A server-sent event stream, flushed event by event. The first write to a connection the client
 * has closed runs {@code onBrokenPipe} once (to cancel the work nobody is waiting for) and every
 * later write is dropped, so the code producing events need not care.
 */
public final class EventStream {
  private final OutputStream out;
  private final Runnable onBrokenPipe;
  private boolean broken;

  private EventStream(OutputStream out, Runnable onBrokenPipe) {
    this.out = out;
    this.onBrokenPipe = onBrokenPipe;
  }

  /** Starts a 200 {@code text/event-stream} answer that no proxy buffers. */
  public static EventStream open(HttpServletResponse response, Runnable onBrokenPipe) throws IOException {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    return new EventStream(response.getOutputStream(), onBrokenPipe);
  }

  /** A named event ({@code event: NAME}), as HolmesGPT's clients read them. */
  public void send(String event, JsonNode data) {
    write("event: " + event + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n");
  }

  /** An unnamed event, as OpenAI's stream is: {@code data: ...}. */
  public void data(String data) {
    write("data: " + data + "\n\n");
  }

  public void data(JsonNode data) {
    data(Json.MAPPER.writeValueAsString(data));
  }

  /** True once the client has gone. */
  public synchronized boolean broken() {
    return broken;
  }

  private synchronized void write(String text) {
    if (broken) {
      return;
    }
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      broken = true;
      onBrokenPipe.run();
    }
  }
}
