package dev.lantern.agent.tool;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The first, cheap line of argument checking: required properties and the JSON types of top-level
 * properties, so a small model hears exactly which argument is wrong. Ranges and formats are the
 * handler's job ({@link ToolArgs}); MCP servers validate again on their side.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** A message naming the first problem, or null. */
  static String firstProblem(JsonNode schema, JsonNode arguments) {
    for (JsonNode required : schema.path("required")) {
      JsonNode value = arguments.path(required.asString());
      if (value.isMissingNode() || value.isNull()) {
        return "'" + required.asString() + "' is required";
      }
    }
    for (var property : schema.path("properties").properties()) {
      JsonNode value = arguments.path(property.getKey());
      String type = property.getValue().path("type").asString("");
      if (value.isMissingNode() || value.isNull() || type.isEmpty() || matches(type, value)) {
        continue;
      }
      return "'" + property.getKey() + "' must be " + article(type) + ", got " + value.getNodeType().name()
          .toLowerCase(Locale.ROOT);
    }
    return null;
  }

  private static boolean matches(String type, JsonNode value) {
    return switch (type) {
      case "string" -> value.isString();
      // Small models often quote numbers and booleans; the handler converts where it is safe.
      case "integer" -> value.isIntegralNumber() || (value.isString() && value.asString().strip().matches("-?\\d{1,18}"));
      case "number" -> value.isNumber() || (value.isString() && value.asString().strip().matches("-?\\d+(\\.\\d+)?"));
      case "boolean" -> value.isBoolean() || (value.isString() && value.asString().matches("true|false"));
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      default -> true;
    };
  }

  private static String article(String type) {
    return switch (type) {
      case "integer", "array", "object" -> "an " + type;
      default -> "a " + type;
    };
  }
}
