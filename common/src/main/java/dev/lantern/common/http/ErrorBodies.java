package dev.lantern.common.http;

import dev.lantern.common.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Renders an HTTP error as a JSON body in the shape a service's clients expect. */
@FunctionalInterface
public interface ErrorBodies {
  /** OpenAI's shape: {@code {"error":{"message","type","param","code"}}}. */
  ErrorBodies OPENAI = (status, message) -> openAiError(message, typeFor(status), null, String.valueOf(status));

  byte[] render(int status, String message);

  static byte[] openAiError(String message, String type, String param, String code) {
    ObjectNode error = Json.object();
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    ObjectNode body = Json.object();
    body.set("error", error);
    return Json.MAPPER.writeValueAsBytes(body);
  }

  /** OpenAI's error types by HTTP status. */
  static String typeFor(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }
}
