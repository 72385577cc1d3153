package dev.lantern.agent.llm;

import dev.lantern.agent.llm.LlmException.Kind;
import dev.lantern.common.json.Json;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns an error answer into a {@link LlmException} a person can act on. The wording of "this
 * model does not support tools" differs per server (OpenRouter: "No endpoints found that support
 * tool use"; Ollama: "... does not support tools"; vLLM: "tool choice requires
 * --enable-auto-tool-choice"), so it is matched loosely.
 */
final class ErrorClassifier {
  private static final Pattern TOOLS_UNSUPPORTED = Pattern.compile(
      "(?i)(support[a-z]*\\s+(tool|function)|(tool|function)[a-z _-]{0,20}(not|n't|un)\\s*support"
          + "|enable-auto-tool-choice|tool[s]? (is|are) not (available|allowed))");
  private static final Pattern CONTEXT = Pattern.compile(
      "(?i)(context.{0,20}(length|window)|maximum context|too many tokens|prompt is too long|context_length_exceeded)");
  private static final int MAX_MESSAGE = 300;

  private ErrorClassifier() {}

  static LlmException fromStatus(int status, String body, String endpoint) {
    String detail = detail(body);
    String suffix = detail.isEmpty() ? "" : ": " + detail;
    if (status == 401 || status == 403) {
      return new LlmException(Kind.AUTH, status, "the model endpoint " + endpoint + " refused the API key (HTTP "
          + status + ")" + suffix + ". Check model.api_key or OPENAI_API_KEY");
    }
    if (status == 429) {
      return new LlmException(Kind.RATE_LIMITED, status, "the model endpoint is rate limiting (HTTP 429)" + suffix);
    }
    if (status >= 400 && status < 500 && TOOLS_UNSUPPORTED.matcher(detail).find()) {
      return new LlmException(Kind.TOOLS_UNSUPPORTED, status, "the model does not support tools (HTTP " + status + ")"
          + suffix);
    }
    if (status >= 400 && status < 500 && CONTEXT.matcher(detail).find()) {
      return new LlmException(Kind.CONTEXT_TOO_LONG, status, "the conversation is longer than the model's context window"
          + suffix);
    }
    if (status == 404) {
      return new LlmException(Kind.MODEL_NOT_FOUND, status, "the model endpoint " + endpoint
          + " answered 404" + suffix + ". Check model.default and model.base_url (it usually ends in /v1)");
    }
    if (status >= 400 && status < 500) {
      return new LlmException(Kind.BAD_REQUEST, status, "the model endpoint rejected the request (HTTP " + status + ")"
          + suffix);
    }
    return new LlmException(Kind.UNAVAILABLE, status, "the model endpoint failed (HTTP " + status + ")" + suffix);
  }

  /** An {@code {"error": ...}} object inside a stream or a 200 body. */
  static LlmException fromErrorObject(JsonNode error) {
    int code = error.path("code").canConvertToInt() ? error.path("code").asInt() : 0;
    String message = abbreviate(error.path("message").asString(error.toString()));
    if (TOOLS_UNSUPPORTED.matcher(message).find()) {
      return new LlmException(Kind.TOOLS_UNSUPPORTED, code, "the model does not support tools: " + message);
    }
    if (code == 429) {
      return new LlmException(Kind.RATE_LIMITED, code, "the model endpoint is rate limiting: " + message);
    }
    return new LlmException(Kind.UNAVAILABLE, code, "the model failed mid-answer: " + message);
  }

  /** The error message of an OpenAI-shaped body, or the start of whatever else it is. */
  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      JsonNode message = node.path("error").path("message");
      if (message.isString()) {
        return abbreviate(message.asString());
      }
      if (node.path("error").isString()) {
        return abbreviate(node.path("error").asString());
      }
      if (node.path("detail").isString()) {
        return abbreviate(node.path("detail").asString());
      }
    } catch (JacksonException notJson) {
      // fall through to the raw text
    }
    return abbreviate(body.strip());
  }

  static String abbreviate(String text) {
    String line = text.replaceAll("\\s+", " ");
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "…";
  }
}
