package dev.lantern.gateway.http;

import dev.lantern.common.http.ErrorBodies;

/**
 * An error the client caused or must know about, rendered in OpenAI's shape with the right HTTP
 * status. Thrown anywhere in request handling; the servlet turns it into the response.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String type;
  private final String param;
  private final String code;

  ApiError(int status, String type, String param, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  static ApiError invalid(String param, String message) {
    return new ApiError(400, "invalid_request_error", param, "400", message);
  }

  static ApiError of(int status, String message) {
    return new ApiError(status, ErrorBodies.typeFor(status), null, Integer.toString(status), message);
  }

  int status() {
    return status;
  }

  byte[] body() {
    return ErrorBodies.openAiError(getMessage(), type, param, code);
  }
}
