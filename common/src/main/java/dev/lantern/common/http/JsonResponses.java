package dev.lantern.common.http;

import dev.lantern.common.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.JsonNode;

/** Writes a whole JSON answer, with its length, so that clients never see a chunked body for it. */
public final class JsonResponses {
  private JsonResponses() {}

  public static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
    send(response, status, Json.MAPPER.writeValueAsBytes(body));
  }

  /** An error in the shape {@code bodies} renders, with a message that says what to do next. */
  public static void error(HttpServletResponse response, ErrorBodies bodies, int status, String message)
      throws IOException {
    send(response, status, bodies.render(status, message));
  }

  private static void send(HttpServletResponse response, int status, byte[] bytes) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
