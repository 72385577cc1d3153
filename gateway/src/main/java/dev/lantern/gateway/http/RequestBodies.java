package dev.lantern.gateway.http;

import dev.lantern.common.http.HttpService;
import dev.lantern.common.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON request body defensively: the content type must be JSON, the size is capped
 * (413 before reading when Content-Length says so, and while reading when it lies or is absent),
 * and any parse failure becomes a 400 that says where the body went wrong.
 */
final class RequestBodies {
  private final long maxBytes;

  RequestBodies(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  ObjectNode readObject(HttpServletRequest request) {
    return readObject(request, BodyBudget.Permit.NONE);
  }

  /** Reads the body, growing {@code room} as a body of unknown length arrives. */
  ObjectNode readObject(HttpServletRequest request, BodyBudget.Permit room) {
    requireJson(request.getContentType());
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      drain(request);
      throw tooLarge();
    }
    byte[] bytes = read(request, declared, room);
    if (bytes.length == 0) {
      throw ApiError.invalid(null, "The request body is empty; send a JSON object.");
    }
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw ApiError.invalid(null, "The request body is too deeply nested or has a value too long to accept.");
    } catch (JacksonException e) {
      throw ApiError.invalid(null, "The request body is not valid JSON" + where(e.getLocation()) + ".");
    }
    if (json == null || !json.isObject()) {
      throw ApiError.invalid(null, "The request body must be a JSON object, got "
          + (json == null ? "nothing" : Validation.typeName(json)) + ".");
    }
    return (ObjectNode) json;
  }

  private byte[] read(HttpServletRequest request, long declared, BodyBudget.Permit room) {
    try (InputStream in = request.getInputStream()) {
      if (declared >= 0) {
        // The usual case: one exact allocation, no copying (this is the hot path).
        byte[] body = in.readNBytes((int) declared);
        if (body.length < declared) {
          throw ApiError.invalid(null, "The request body ended before its Content-Length.");
        }
        return body;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
      byte[] buffer = new byte[8 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + (long) n > maxBytes) {
          drain(request);
          throw tooLarge();
        }
        out.write(buffer, 0, n);
        room.grow(out.size());
      }
      return out.toByteArray();
    } catch (IOException e) {
      if (HttpService.isReadTimeout(e)) {
        throw new ApiError(408, "invalid_request_error", null, "408", "The request body arrived too slowly: nothing"
            + " new for too long. Send it again.");
      }
      throw ApiError.invalid(null, "The request body could not be read completely.");
    }
  }

  /**
   * Reads and drops the rest of a body that is over the limit, up to four times the limit. A
   * client still sending when the server answers and closes often sees a reset instead of the
   * 413; past that much, closing is cheaper than reading.
   */
  private void drain(HttpServletRequest request) {
    try {
      request.getInputStream().skipNBytes(Math.max(0, Math.min(request.getContentLengthLong() < 0
          ? 3 * maxBytes : request.getContentLengthLong(), 4 * maxBytes)));
    } catch (IOException | RuntimeException e) {
      // the answer is 413 either way
    }
  }

  private ApiError tooLarge() {
    return new ApiError(413, "invalid_request_error", null, "413",
        "The request body is larger than the limit of " + (maxBytes / (1024 * 1024))
            + " MiB (general_settings.max_request_size_mb).");
  }

  private static void requireJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return; // curl without -H sends none; the body is still judged as JSON below
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    String mime = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
    if (mime.equals("application/json") || mime.endsWith("+json") || mime.equals("text/plain")) {
      return;
    }
    throw new ApiError(415, "invalid_request_error", null, "415",
        "Content-Type '" + mime + "' is not supported; send the body as JSON with 'Content-Type: application/json'.");
  }

  private static String where(TokenStreamLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
