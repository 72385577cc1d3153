package dev.lantern.agent.llm;

import dev.lantern.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Messages and requests to and from OpenAI's chat JSON (also how sessions store messages). */
public final class WireFormat {
  private WireFormat() {}

  public static ObjectNode request(ChatRequest request, boolean stream) {
    ObjectNode body = Json.object().put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (Message message : request.messages()) {
      messages.add(message(message));
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec spec : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", spec.name()).put("description", spec.description());
        function.set("parameters", spec.parameters());
      }
      if (request.forbidTools()) {
        body.put("tool_choice", "none");
      }
    }
    if (request.maxTokens() != null) {
      body.put("max_tokens", request.maxTokens());
    }
    if (stream) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  public static ObjectNode message(Message message) {
    ObjectNode node = Json.object().put("role", message.role().wire());
    if (message.callsTools()) {
      node.put("content", message.content().isEmpty() ? null : message.content());
      ArrayNode calls = node.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        ObjectNode item = calls.addObject().put("id", call.id()).put("type", "function");
        item.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      }
    } else {
      node.put("content", message.content());
    }
    if (message.toolCallId() != null) {
      node.put("tool_call_id", message.toolCallId());
    }
    if (message.name() != null && message.role() == Role.TOOL) {
      node.put("name", message.name());
    }
    return node;
  }

  /** Reads a message in OpenAI's shape; a wrong shape is an {@link IllegalArgumentException}. */
  public static Message message(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("a message must be a JSON object");
    }
    Role role = Role.fromWire(node.path("role").asString(""));
    List<ToolCall> calls = toolCalls(node.path("tool_calls"));
    String toolCallId = node.path("tool_call_id").isString() ? node.path("tool_call_id").asString() : null;
    String name = node.path("name").isString() ? node.path("name").asString() : null;
    return new Message(role, text(node.path("content")), calls, toolCallId, name);
  }

  static List<ToolCall> toolCalls(JsonNode array) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode item : array) {
      JsonNode function = item.path("function");
      JsonNode arguments = function.path("arguments");
      // Some servers send the arguments as an object rather than a JSON string.
      String argumentText = arguments.isString() ? arguments.asString() : arguments.isMissingNode() ? "{}" : arguments.toString();
      String id = item.path("id").asString("");
      calls.add(new ToolCall(id.isEmpty() ? ToolCall.newId() : id, function.path("name").asString(""), argumentText));
    }
    return calls;
  }

  /** Content may be a string, null, or a list of parts (of which the text parts count). */
  static String text(JsonNode content) {
    if (content.isString()) {
      return content.asString();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("type").asString("").equals("text")) {
          text.append(part.path("text").asString(""));
        }
      }
      return text.toString();
    }
    return "";
  }

  static Usage usage(JsonNode usage) {
    if (!usage.isObject()) {
      return Usage.NONE;
    }
    return new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
        usage.path("cost").asDouble(0));
  }
}
