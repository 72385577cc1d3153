package dev.lantern.agent.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A tool call's arguments, read with errors that name the parameter: a wrong type is a
 * {@link ToolException} the model can fix, never a silent default.
 */
public final class ToolArgs {
  private final JsonNode values;

  public ToolArgs(JsonNode values) {
    this.values = values;
  }

  public JsonNode json() {
    return values;
  }

  public Optional<String> string(String name) throws ToolException {
    JsonNode value = values.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isString()) {
      throw new ToolException("'" + name + "' must be a string, got " + value.getNodeType().name().toLowerCase());
    }
    return value.asString().isBlank() ? Optional.empty() : Optional.of(value.asString());
  }

  public String required(String name) throws ToolException {
    return string(name).orElseThrow(() -> new ToolException("'" + name + "' is required"));
  }

  public Optional<Long> integer(String name, long min, long max) throws ToolException {
    JsonNode value = values.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (value.isString() && value.asString().strip().matches("-?\\d{1,18}")) {
      value = dev.lantern.common.json.Json.NODES.numberNode(Long.parseLong(value.asString().strip())); // small models quote numbers
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new ToolException("'" + name + "' must be a whole number");
    }
    long whole = value.asLong();
    if (whole < min || whole > max) {
      throw new ToolException("'" + name + "' must be between " + min + " and " + max + ", got " + whole);
    }
    return Optional.of(whole);
  }

  public List<String> strings(String name) throws ToolException {
    JsonNode value = values.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new ToolException("'" + name + "' must be a list of strings");
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isString()) {
        throw new ToolException("'" + name + "' must be a list of strings");
      }
      items.add(item.asString());
    }
    return items;
  }

  /** Reads an enumerated choice, case-sensitively, listing the choices when it is wrong. */
  public String choice(String name, List<String> choices) throws ToolException {
    String value = required(name);
    if (!choices.contains(value)) {
      throw new ToolException("'" + name + "' must be one of " + String.join(", ", choices) + ", got '" + value + "'");
    }
    return value;
  }
}
