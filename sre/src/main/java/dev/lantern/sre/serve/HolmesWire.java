package dev.lantern.sre.serve;

import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.WireFormat;
import dev.lantern.common.http.BadRequest;
import dev.lantern.common.json.Json;
import dev.lantern.sre.investigate.Investigation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** HolmesGPT's JSON shapes for /api/chat, so its clients (Robusta's UI, scripts) keep working. */
final class HolmesWire {
  static final String SCHEMA = "robusta:v1.0.0";
  /** Messages in a continued conversation; longer histories are an error, not a silent cut. */
  static final int MAX_HISTORY = 400;

  private HolmesWire() {}

  /** {@code conversation_history}: OpenAI messages, the first one the system prompt (HolmesGPT's rule). */
  static List<Message> history(JsonNode body) throws BadRequest {
    JsonNode history = body.path("conversation_history");
    if (history.isMissingNode() || history.isNull()) {
      return List.of();
    }
    if (!history.isArray()) {
      throw new BadRequest(400, "'conversation_history' must be a list of messages");
    }
    if (history.size() > MAX_HISTORY) {
      throw new BadRequest(400, "'conversation_history' has more than " + MAX_HISTORY + " messages");
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      JsonNode item = history.get(i);
      if (!item.isObject() || !item.path("role").isString()) {
        throw new BadRequest(400, "conversation_history[" + i + "] must be an object with a 'role'");
      }
      try {
        messages.add(WireFormat.message(item));
      } catch (RuntimeException e) {
        throw new BadRequest(400, "conversation_history[" + i + "] is not a chat message: " + e.getMessage());
      }
    }
    if (!messages.isEmpty() && !"system".equals(history.get(0).path("role").asString(""))) {
      throw new BadRequest(400, "the first message of 'conversation_history' must have role 'system'");
    }
    return messages;
  }

  static ObjectNode response(Investigation investigation, boolean withToolCalls) {
    ObjectNode body = Json.object();
    body.put("analysis", investigation.answer());
    if (withToolCalls) {
      ArrayNode calls = body.putArray("tool_calls");
      investigation.toolCalls().forEach(call -> calls.add(toolCall(call)));
    }
    body.set("conversation_history", history(investigation.history()));
    body.set("follow_up_actions", followUps(investigation));
    body.set("metadata", metadata(investigation));
    return body;
  }

  static ArrayNode history(List<Message> messages) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    messages.forEach(message -> array.add(WireFormat.message(message)));
    return array;
  }

  static ObjectNode toolCall(Investigation.ToolCallRecord call) {
    ObjectNode node = Json.object();
    node.put("tool_call_id", call.id());
    node.put("tool_name", call.tool());
    node.put("description", call.tool() + " " + call.arguments());
    node.set("result", result(call));
    node.put("size", call.result() == null ? 0 : call.result().length());
    return node;
  }

  static ObjectNode result(Investigation.ToolCallRecord call) {
    ObjectNode result = Json.object();
    result.put("schema_version", SCHEMA);
    boolean empty = call.result() == null || call.result().isBlank();
    result.put("status", call.failed() ? "error" : empty ? "no_data" : "success");
    result.put("error", call.failed() ? call.result() : null);
    result.put("data", call.failed() ? null : call.result());
    result.put("invocation", call.tool() + " " + call.arguments());
    try {
      result.set("params", Json.MAPPER.readTree(call.arguments() == null || call.arguments().isBlank() ? "{}"
          : call.arguments()));
    } catch (RuntimeException e) {
      result.put("params", call.arguments());
    }
    return result;
  }

  /** HolmesGPT offers these only on a conversation's first answer. */
  static ArrayNode followUps(Investigation investigation) {
    ArrayNode actions = Json.MAPPER.createArrayNode();
    long answers = investigation.history().stream().filter(m -> m.role() == dev.lantern.agent.llm.Role.ASSISTANT
        && !m.callsTools()).count();
    if (answers > 1) {
      return actions;
    }
    actions.add(followUp("logs", "Logs", "Fetching logs", "Show the logs that matter for this problem and explain them"));
    actions.add(followUp("graphs", "Graphs", "Drawing graphs",
        "Show the metrics that matter for this problem over the last hours, with what changed"));
    actions.add(followUp("articles", "Runbooks", "Reading runbooks",
        "Which runbooks apply here, and what do they say to do?"));
    return actions;
  }

  private static ObjectNode followUp(String id, String label, String notification, String prompt) {
    return Json.object().put("id", id).put("action_label", label).put("pre_action_notification_text", notification)
        .put("prompt", prompt);
  }

  static ObjectNode metadata(Investigation investigation) {
    ObjectNode metadata = Json.object();
    metadata.putObject("usage").put("prompt_tokens", investigation.usage().promptTokens())
        .put("completion_tokens", investigation.usage().completionTokens())
        .put("total_tokens", investigation.usage().totalTokens());
    metadata.put("model", investigation.model());
    metadata.put("steps", investigation.steps());
    metadata.put("duration_ms", investigation.duration().toMillis());
    metadata.put("completed", investigation.completed());
    ArrayNode kinds = metadata.putArray("findings");
    investigation.findings().forEach(kinds::add);
    ArrayNode runbooks = metadata.putArray("runbooks");
    investigation.runbooks().forEach(runbooks::add);
    if (investigation.error() != null) {
      metadata.put("error", investigation.error());
    }
    return metadata;
  }
}
