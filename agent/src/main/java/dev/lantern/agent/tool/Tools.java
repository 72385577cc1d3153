package dev.lantern.agent.tool;

import dev.lantern.common.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers to define tools in one expression. */
public final class Tools {
  private Tools() {}

  /** A tool's handler. */
  @FunctionalInterface
  public interface Handler {
    ToolResult call(ToolArgs arguments) throws Exception;
  }

  public static Tool define(String name, String description, JsonNode parameters, boolean readOnly, Handler handler) {
    return new BaseTool(name, description, parameters, readOnly) {
      @Override
      public ToolResult call(ToolArgs arguments) throws Exception {
        return handler.call(arguments);
      }
    };
  }

  /** Parses a JSON schema written inline in a tool class. */
  public static ObjectNode schema(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }
}
