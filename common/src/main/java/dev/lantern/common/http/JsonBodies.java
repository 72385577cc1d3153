package dev.lantern.common.http;

import dev.lantern.common.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads a JSON object body defensively: a size cap, and errors that say what is wrong. */
public final class JsonBodies {
  private JsonBodies() {}

  public static JsonNode object(HttpServletRequest request, int maxBytes) throws BadRequest, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      drain(request, maxBytes);
      throw new BadRequest(413, "the body is larger than " + maxBytes / 1024 + " KiB");
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        drain(request, maxBytes);
        throw new BadRequest(413, "the body is larger than " + maxBytes / 1024 + " KiB");
      }
    } catch (IOException e) {
      if (HttpService.isReadTimeout(e)) {
        throw new BadRequest(408, "the body arrived too slowly (nothing new for too long); send it again");
      }
      throw e;
    }
    if (body.length == 0) {
      throw new BadRequest(400, "the body is empty; send a JSON object");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
      throw new BadRequest(400, "the body is not valid JSON: " + (message.length() > 200 ? message.substring(0, 200)
          + "…" : message));
    }
    if (node == null || !node.isObject()) {
      throw new BadRequest(400, "the body must be a JSON object");
    }
    return node;
  }

  /**
   * Reads and drops the rest of a body over the limit, up to four times the limit: a client still
   * sending when the server answers and closes sees a broken pipe instead of the 413. Past that
   * much, closing is cheaper than reading.
   */
  private static void drain(HttpServletRequest request, int maxBytes) {
    long declared = request.getContentLengthLong();
    try {
      request.getInputStream().skipNBytes(Math.min(declared < 0 ? 3L * maxBytes : declared, 4L * maxBytes));
    } catch (IOException | RuntimeException e) {
      // the answer is 413 either way
    }
  }

  public static String optionalString(JsonNode body, String field, int maxChars) throws BadRequest {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new BadRequest(400, "'" + field + "' must be a string, got " + value.getNodeType().name().toLowerCase());
    }
    if (value.asString().length() > maxChars) {
      throw new BadRequest(400, "'" + field + "' is longer than " + maxChars + " characters");
    }
    return value.asString();
  }

  public static boolean optionalBool(JsonNode body, String field) throws BadRequest {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new BadRequest(400, "'" + field + "' must be true or false, got " + value.getNodeType().name().toLowerCase());
    }
    return value.asBoolean();
  }
}
