package dev.lantern.gateway.http;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks the parameters of chat and embeddings requests before anything is sent upstream, so a
 * wrong type or an absurd value costs the client a clear 400 instead of a round trip (or a bill).
 * Messages follow OpenAI's: "Invalid type for 'temperature': expected a number, but got a string."
 * Unknown parameters pass through: upstreams keep adding them.
 */
final class Validation {
  private static final int MAX_MODEL_NAME = 256;
  private static final long MAX_TOKENS = 100_000_000L;

  private Validation() {}

  static String model(ObjectNode body) {
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      return null;
    }
    if (!model.isString()) {
      throw wrongType("model", "a string", model);
    }
    String name = model.asString();
    if (name.isBlank() || name.length() > MAX_MODEL_NAME) {
      throw ApiError.invalid("model", "'model' must be a model name of 1 to " + MAX_MODEL_NAME + " characters.");
    }
    return name;
  }

  static void chat(ObjectNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw ApiError.invalid("messages", "Missing required parameter: 'messages'.");
    }
    if (!messages.isArray()) {
      throw wrongType("messages", "an array", messages);
    }
    if (messages.isEmpty()) {
      throw ApiError.invalid("messages", "'messages' must contain at least one message.");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String param = "messages[" + i + "]";
      if (!message.isObject()) {
        throw wrongType(param, "an object", message);
      }
      JsonNode role = message.get("role");
      if (role == null || !role.isString() || role.asString().isBlank()) {
        throw ApiError.invalid(param + ".role", "Each message needs a 'role' (system, user, assistant or tool).");
      }
    }
    bool(body, "stream");
    JsonNode options = body.get("stream_options");
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        throw wrongType("stream_options", "an object", options);
      }
      bool((ObjectNode) options, "include_usage");
    }
    number(body, "temperature", 0, 2);
    number(body, "top_p", 0, 1);
    number(body, "presence_penalty", -2, 2);
    number(body, "frequency_penalty", -2, 2);
    integer(body, "n", 1, 128);
    integer(body, "max_tokens", 1, MAX_TOKENS);
    integer(body, "max_completion_tokens", 1, MAX_TOKENS);
    integer(body, "top_logprobs", 0, 20);
    integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
    bool(body, "logprobs");
    bool(body, "parallel_tool_calls");
    arrayOfObjects(body, "tools");
    JsonNode stop = body.get("stop");
    if (stop != null && !stop.isNull() && !stop.isString()) {
      if (!stop.isArray() || stop.size() > 16) {
        throw ApiError.invalid("stop", "'stop' must be a string or an array of at most 16 strings.");
      }
      stop.forEach(s -> {
        if (!s.isString()) {
          throw wrongType("stop", "strings", s);
        }
      });
    }
  }

  static void embeddings(ObjectNode body) {
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw ApiError.invalid("input", "Missing required parameter: 'input'.");
    }
    if (input.isString()) {
      return;
    }
    if (!input.isArray() || input.isEmpty()) {
      throw ApiError.invalid("input", "'input' must be a string, an array of strings or an array of token arrays, "
          + "and not empty.");
    }
    for (JsonNode item : input) {
      boolean ok = item.isString() || item.isIntegralNumber()
          || (item.isArray() && allIntegers(item));
      if (!ok) {
        throw ApiError.invalid("input", "'input' items must be strings or arrays of token ids, got "
            + typeName(item) + ".");
      }
    }
    integer(body, "dimensions", 1, 65_536);
    JsonNode format = body.get("encoding_format");
    if (format != null && !format.isNull()
        && !(format.isString() && (format.asString().equals("float") || format.asString().equals("base64")))) {
      throw ApiError.invalid("encoding_format", "'encoding_format' must be \"float\" or \"base64\".");
    }
  }

  static String typeName(JsonNode node) {
    if (node.isString()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return "null";
  }

  private static boolean allIntegers(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }

  private static void bool(ObjectNode body, String name) {
    JsonNode value = body.get(name);
    if (value != null && !value.isNull() && !value.isBoolean()) {
      throw wrongType(name, "a boolean", value);
    }
  }

  private static void number(ObjectNode body, String name, double min, double max) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isNumber()) {
      throw wrongType(name, "a number", value);
    }
    double number = value.doubleValue();
    if (!(number >= min && number <= max)) {
      throw ApiError.invalid(name, "'" + name + "' must be between " + trim(min) + " and " + trim(max)
          + ", got " + value + ".");
    }
  }

  private static void integer(ObjectNode body, String name, long min, long max) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrongType(name, "an integer", value);
    }
    long number = value.longValue();
    if (number < min || number > max) {
      throw ApiError.invalid(name, "'" + name + "' must be between " + min + " and " + max + ", got " + number + ".");
    }
  }

  private static void arrayOfObjects(ObjectNode body, String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isArray()) {
      throw wrongType(name, "an array", value);
    }
    for (JsonNode item : value) {
      if (!item.isObject()) {
        throw wrongType(name + "[]", "objects", item);
      }
    }
  }

  private static ApiError wrongType(String name, String expected, JsonNode got) {
    return ApiError.invalid(name, "Invalid type for '" + name + "': expected " + expected + ", but got "
        + typeName(got) + " instead.");
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
