package dev.lantern.gateway.provider;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns what an OpenAI-compatible upstream says (status, error body, network failure) into an
 * {@link UpstreamException} of the right {@link FailureKind}. The phrases that mark context-window
 * and content-policy errors are the ones LiteLLM matches, plus OpenRouter's.
 */
public final class UpstreamErrors {
  private static final List<String> CONTEXT_WINDOW_PHRASES = List.of(
      "context_length_exceeded", "maximum context length", "context length", "exceed context limit",
      "context window", "maximum context limit", "prompt is too long", "too many tokens",
      "string too long. expected a string with maximum length");
  private static final List<String> CONTENT_POLICY_PHRASES = List.of(
      "content_policy_violation", "content management policy", "violating our usage policy",
      "safety system", "content_filter", "was flagged", "flagged for", "moderation");
  private static final int MAX_MESSAGE = 500;

  private UpstreamErrors() {}

  /**
   * Fails the call when the deployment has no key: {@code missingKey} says which variable to set
   * (null when there is a key). It counts as the deployment's failure, so the call falls back.
   */
  public static void requireKey(String missingKey) throws UpstreamException {
    if (missingKey != null) {
      throw new UpstreamException(FailureKind.DEPLOYMENT_REJECTED, 401, missingKey);
    }
  }

  /** An HTTP error status with its body. */
  public static UpstreamException fromStatus(String who, int upstreamStatus, byte[] body, Optional<String> retryAfter,
      String secret) {
    // Anthropic's 529 "overloaded" is not a status OpenAI clients know: it is a 503 to them.
    int status = upstreamStatus == 529 ? 503 : upstreamStatus;
    String message = cut(redact(messageOf(body), secret));
    if (status < 400 || status > 599) {
      // Not an error code, and not an answer either: a redirect means api_base is not the API's.
      FailureKind kind = status >= 300 && status < 400 ? FailureKind.DEPLOYMENT_REJECTED : FailureKind.UPSTREAM_ERROR;
      String hint = kind == FailureKind.DEPLOYMENT_REJECTED ? " (a redirect: point api_base at the final URL)" : "";
      return new UpstreamException(kind, 502, who + ": answered " + status + hint + ": " + message);
    }
    FailureKind kind = classify(status, message);
    return new UpstreamException(kind, clientStatus(kind, status), who + ": " + status + " " + message,
        retryAfter.flatMap(UpstreamErrors::parseRetryAfter).orElse(null));
  }

  /** An {@code {"error": ...}} object that came with HTTP 200 or inside a stream. */
  public static UpstreamException fromErrorObject(String who, JsonNode error, String secret) {
    int code = 0;
    JsonNode codeNode = error.isObject() ? error.get("code") : null;
    if (codeNode != null && codeNode.canConvertToInt()) {
      code = codeNode.intValue();
    } else if (codeNode != null && codeNode.isString()) {
      try {
        code = Integer.parseInt(codeNode.asString());
      } catch (NumberFormatException ignored) {
        // a symbolic code such as "context_length_exceeded": classified by message below
      }
    }
    String message = error.isObject() && error.has("message") ? text(error.get("message")) : text(error);
    if (codeNode != null && codeNode.isString()) {
      message = message + " (" + codeNode.asString() + ")";
    }
    int status = code >= 400 && code <= 599 ? code : 502;
    FailureKind kind = classify(status, message);
    // An error object without a client-error code is the upstream failing, not the request.
    if (code < 400 && kind == FailureKind.BAD_REQUEST) {
      kind = FailureKind.UPSTREAM_ERROR;
    }
    return new UpstreamException(kind, clientStatus(kind, status), who + ": " + cut(redact(message, secret)));
  }

  public static UpstreamException fromIo(String who, Throwable error) {
    if (error instanceof java.io.InterruptedIOException && Thread.currentThread().isInterrupted()) {
      return new UpstreamException(FailureKind.CONNECTION, 499, who + ": the call was interrupted");
    }
    if (error instanceof ConnectTimeoutException) {
      return new UpstreamException(FailureKind.CONNECTION, 502, who + ": could not connect in time");
    }
    if (error instanceof SocketTimeoutException) {
      return new UpstreamException(FailureKind.TIMEOUT, 408, who + ": no answer within the timeout");
    }
    if (error instanceof ConnectException) {
      return new UpstreamException(FailureKind.CONNECTION, 502, who + ": connection refused");
    }
    if (error instanceof NoHttpResponseException) {
      return new UpstreamException(FailureKind.CONNECTION, 502, who + ": closed the connection without answering");
    }
    String detail = error instanceof IOException && error.getMessage() != null
        ? error.getMessage()
        : error.getClass().getSimpleName();
    return new UpstreamException(FailureKind.CONNECTION, 502, who + ": connection failed (" + cut(detail) + ")");
  }

  public static FailureKind classify(int status, String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    if (status == 429) {
      return FailureKind.RATE_LIMITED;
    }
    if (status == 408 || status == 504) {
      return FailureKind.TIMEOUT;
    }
    if (status >= 500) {
      return FailureKind.UPSTREAM_ERROR;
    }
    if (CONTEXT_WINDOW_PHRASES.stream().anyMatch(lower::contains) && (status == 400 || status == 413 || status == 422)) {
      return FailureKind.CONTEXT_WINDOW;
    }
    if (CONTENT_POLICY_PHRASES.stream().anyMatch(lower::contains) && (status == 400 || status == 403)) {
      return FailureKind.CONTENT_POLICY;
    }
    if (status == 401 || status == 402 || status == 403 || status == 404) {
      return FailureKind.DEPLOYMENT_REJECTED;
    }
    return FailureKind.BAD_REQUEST;
  }

  /** The status the client sees: the upstream's, except where it would mislead. */
  private static int clientStatus(FailureKind kind, int upstreamStatus) {
    return switch (kind) {
      case TIMEOUT -> 408;
      case CONTEXT_WINDOW, CONTENT_POLICY -> 400;
      default -> upstreamStatus;
    };
  }

  /** The upstream's error message: OpenAI's {@code error.message}, else the start of the body. */
  public static String messageOf(byte[] body) {
    if (body == null || body.length == 0) {
      return "(empty body)";
    }
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      JsonNode error = json.get("error");
      if (error != null && error.isObject() && error.has("message")) {
        return text(error.get("message"));
      }
      if (error != null && error.isString()) {
        return error.asString();
      }
      if (json.has("detail")) {
        return text(json.get("detail"));
      }
      if (json.has("message")) {
        return text(json.get("message"));
      }
    } catch (JacksonException notJson) {
      // plain text or HTML from a proxy in front of the upstream
    }
    return new String(body, 0, Math.min(body.length, 4 * MAX_MESSAGE), StandardCharsets.UTF_8).strip();
  }

  /** A JSON value as text: strings as they are, anything else (an object, a number) as JSON. */
  private static String text(JsonNode node) {
    return node.isString() ? node.asString() : node.toString();
  }

  public static Optional<Duration> parseRetryAfter(String value) {
    String text = value.trim();
    try {
      double seconds = Double.parseDouble(text);
      return seconds >= 0 && seconds <= 3600 ? Optional.of(Duration.ofMillis((long) (seconds * 1000))) : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (RuntimeException notDate) {
        return Optional.empty();
      }
    }
  }

  public static String redact(String text, String secret) {
    return secret == null || secret.length() < 4 ? text : text.replace(secret, "[redacted]");
  }

  /** One line of at most 500 characters: an upstream's message as a client or a log is shown it. */
  public static String cut(String text) {
    String oneLine = text.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
  }
}
