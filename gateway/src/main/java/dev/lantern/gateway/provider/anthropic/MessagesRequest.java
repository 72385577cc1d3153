package dev.lantern.gateway.provider.anthropic;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.UpstreamException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI chat request as Anthropic's Messages API takes it, translated as LiteLLM translates
 * it: system messages into {@code system}, tool results into user turns, tool calls into {@code
 * tool_use} blocks, consecutive turns of one role merged, {@code response_format} as a forced
 * {@code json_tool_call} tool, {@code reasoning_effort} as a thinking budget.
 *
 * <p>What Anthropic cannot express is a {@link FailureKind#BAD_REQUEST} that says so (more than
 * one choice, tool-call arguments that are not JSON); OpenAI's sampling extras Anthropic lacks
 * (penalties, seed, logprobs) are dropped.
 */
final class MessagesRequest {
  /** LiteLLM's default when the client sets no max_tokens; Anthropic requires one. */
  static final int DEFAULT_MAX_TOKENS = 4096;
  /** The tool a JSON response_format becomes; its arguments are the answer. */
  static final String JSON_TOOL = "json_tool_call";
  private static final Map<String, Integer> THINKING_BUDGETS = Map.of("minimal", 1024, "low", 1024, "medium", 2048,
      "high", 4096);
  private static final Set<String> PASSED_THROUGH = Set.of("temperature", "top_p", "top_k");

  /** The Messages body, and whether the answer comes back as the {@link #JSON_TOOL} call. */
  record Translated(ObjectNode body, boolean jsonMode) {}

  private MessagesRequest() {}

  static Translated from(ObjectNode openAi) throws UpstreamException {
    if (openAi.path("n").canConvertToInt() && openAi.path("n").intValue() > 1) {
      throw badRequest("Anthropic answers one choice per call: send n = 1 (or leave it out)");
    }
    ObjectNode body = Json.object();
    body.put("model", openAi.path("model").asString(""));
    ArrayNode system = Json.NODES.arrayNode();
    ArrayNode messages = body.putArray("messages");
    for (JsonNode message : openAi.path("messages")) {
      add(message, system, messages);
    }
    trimFinalAssistantText(messages);
    if (messages.isEmpty()) {
      throw badRequest("Anthropic needs at least one user or assistant message besides the system prompt");
    }
    if (!system.isEmpty()) {
      body.set("system", system);
    }
    int maxTokens = openAi.path("max_tokens").canConvertToInt() ? openAi.get("max_tokens").intValue()
        : openAi.path("max_completion_tokens").canConvertToInt() ? openAi.get("max_completion_tokens").intValue()
        : DEFAULT_MAX_TOKENS;
    body.put("max_tokens", maxTokens);
    for (String name : PASSED_THROUGH) {
      if (openAi.has(name) && openAi.get(name).isNumber()) {
        body.set(name, openAi.get(name));
      }
    }
    stopSequences(openAi.get("stop"), body);
    userId(openAi.get("user"), body);
    thinking(openAi.get("reasoning_effort"), body, openAi.has("max_tokens") || openAi.has("max_completion_tokens"));
    if (openAi.path("thinking").isObject()) {
      body.set("thinking", openAi.get("thinking")); // Anthropic's own parameter, as LiteLLM passes it on
    }
    withoutThinkingIfItCannotContinue(body);
    tools(openAi, body);
    boolean jsonMode = responseFormat(openAi.get("response_format"), body);
    if (openAi.path("stream").asBoolean(false)) {
      body.put("stream", true);
    }
    return new Translated(body, jsonMode);
  }

  /** One OpenAI message into the system blocks or the turns; consecutive turns of one role merge. */
  private static void add(JsonNode message, ArrayNode system, ArrayNode messages) throws UpstreamException {
    String role = message.path("role").asString("");
    switch (role) {
      case "system", "developer" -> textBlocks(message.get("content"), system);
      case "user" -> {
        ArrayNode blocks = Json.NODES.arrayNode();
        userBlocks(message.get("content"), blocks);
        append(messages, "user", blocks);
      }
      case "tool", "function" -> append(messages, "user", Json.NODES.arrayNode().add(toolResult(message)));
      case "assistant" -> append(messages, "assistant", assistantBlocks(message));
      default -> throw badRequest("messages: role '" + role + "' has no Anthropic equivalent; use system, user, "
          + "assistant or tool");
    }
  }

  private static void append(ArrayNode messages, String role, ArrayNode blocks) {
    if (blocks.isEmpty()) {
      return; // Anthropic refuses empty turns; an empty OpenAI message carries nothing anyway
    }
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && last.path("role").asString().equals(role)) {
      ((ArrayNode) last.get("content")).addAll(blocks);
      return;
    }
    messages.addObject().put("role", role).set("content", blocks);
  }

  /** Text (a string or text parts) as text blocks; empty text is left out, as Anthropic refuses it. */
  private static void textBlocks(JsonNode content, ArrayNode into) throws UpstreamException {
    if (content == null || content.isNull()) {
      return;
    }
    if (content.isString()) {
      addText(content.asString(), null, into);
      return;
    }
    for (JsonNode part : parts(content)) {
      if (!part.path("type").asString("text").equals("text")) {
        throw badRequest("a system message may only hold text parts for Anthropic");
      }
      addText(part.path("text").asString(""), part.get("cache_control"), into);
    }
  }

  private static void userBlocks(JsonNode content, ArrayNode into) throws UpstreamException {
    if (content == null || content.isNull() || content.isString()) {
      textBlocks(content, into);
      return;
    }
    for (JsonNode part : parts(content)) {
      String type = part.path("type").asString("");
      switch (type) {
        case "text" -> addText(part.path("text").asString(""), part.get("cache_control"), into);
        case "image_url" -> into.add(image(part.get("image_url")));
        default -> throw badRequest("content part type '" + type + "' cannot be sent to Anthropic (text and "
            + "image_url can)");
      }
    }
  }

  private static void addText(String text, JsonNode cacheControl, ArrayNode into) {
    if (text.isEmpty()) {
      return;
    }
    ObjectNode block = into.addObject().put("type", "text").put("text", text);
    if (cacheControl != null && cacheControl.isObject()) {
      block.set("cache_control", cacheControl);
    }
  }

  /** A data: URL as a base64 image, any other URL as a URL image. */
  private static ObjectNode image(JsonNode imageUrl) throws UpstreamException {
    String url = imageUrl == null ? "" : imageUrl.isString() ? imageUrl.asString() : imageUrl.path("url").asString("");
    ObjectNode block = Json.object().put("type", "image");
    ObjectNode source = block.putObject("source");
    if (url.startsWith("data:")) {
      int base64 = url.indexOf(";base64,");
      if (base64 < 0) {
        throw badRequest("an image data: URL must be base64 (data:image/png;base64,...)");
      }
      source.put("type", "base64").put("media_type", url.substring(5, base64)).put("data", url.substring(base64 + 8));
    } else if (url.startsWith("https://") || url.startsWith("http://")) {
      source.put("type", "url").put("url", url);
    } else {
      throw badRequest("image_url.url must be an http(s) URL or a data: URL");
    }
    return block;
  }

  private static ObjectNode toolResult(JsonNode message) throws UpstreamException {
    String id = message.path("tool_call_id").asString("");
    if (id.isEmpty()) {
      throw badRequest("a tool message needs the tool_call_id of the call it answers");
    }
    ObjectNode block = Json.object().put("type", "tool_result").put("tool_use_id", id);
    JsonNode content = message.get("content");
    if (content != null && content.isArray()) {
      ArrayNode blocks = block.putArray("content");
      for (JsonNode part : content) {
        if (part.path("type").asString("").equals("image_url")) {
          blocks.add(image(part.get("image_url")));
        } else {
          addText(part.path("text").asString(""), part.get("cache_control"), blocks);
        }
      }
    } else {
      block.put("content", content == null || content.isNull() ? "" : content.isString() ? content.asString()
          : content.toString());
    }
    return block;
  }

  private static ArrayNode assistantBlocks(JsonNode message) throws UpstreamException {
    ArrayNode blocks = Json.NODES.arrayNode();
    // Thinking first, as Anthropic requires, when the client kept LiteLLM's thinking_blocks.
    for (JsonNode block : message.path("thinking_blocks")) {
      String type = block.path("type").asString("");
      if ((type.equals("thinking") && block.path("signature").isString()) || type.equals("redacted_thinking")) {
        blocks.add(block);
      }
    }
    textBlocks(message.get("content"), blocks);
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      String name = function.path("name").asString("");
      String arguments = function.path("arguments").asString("");
      JsonNode input;
      try {
        input = arguments.isBlank() ? Json.object() : Json.MAPPER.readTree(arguments);
      } catch (JacksonException e) {
        throw badRequest("the arguments of tool call '" + name + "' are not JSON, so Anthropic cannot take them");
      }
      if (!input.isObject()) {
        throw badRequest("the arguments of tool call '" + name + "' must be a JSON object for Anthropic");
      }
      blocks.addObject().put("type", "tool_use").put("id", call.path("id").asString(""))
          .put("name", name).set("input", input);
    }
    return blocks;
  }

  /**
   * Extended thinking across tool calls needs the assistant's thinking block (with its signature)
   * back before its tool_use. OpenAI clients drop it unless they keep LiteLLM's {@code
   * thinking_blocks}; without it Anthropic refuses the whole turn, so this turn goes without thinking.
   */
  private static void withoutThinkingIfItCannotContinue(ObjectNode body) {
    if (!body.has("thinking")) {
      return;
    }
    JsonNode lastAssistant = null;
    for (JsonNode message : body.path("messages")) {
      if (message.path("role").asString("").equals("assistant")) {
        lastAssistant = message;
      }
    }
    if (lastAssistant == null) {
      return;
    }
    boolean usesTools = false;
    for (JsonNode block : lastAssistant.path("content")) {
      usesTools |= block.path("type").asString("").equals("tool_use");
    }
    String first = lastAssistant.path("content").path(0).path("type").asString("");
    if (usesTools && !first.equals("thinking") && !first.equals("redacted_thinking")) {
      body.remove("thinking");
    }
  }

  /** Anthropic refuses a final assistant turn (a prefill) that ends in white space. */
  private static void trimFinalAssistantText(ArrayNode messages) {
    if (messages.isEmpty()) {
      return;
    }
    JsonNode last = messages.get(messages.size() - 1);
    if (!last.path("role").asString().equals("assistant")) {
      return;
    }
    ArrayNode blocks = (ArrayNode) last.get("content");
    JsonNode block = blocks.get(blocks.size() - 1);
    if (block.path("type").asString().equals("text")) {
      String trimmed = block.path("text").asString().stripTrailing();
      if (trimmed.isEmpty()) {
        blocks.remove(blocks.size() - 1);
        if (blocks.isEmpty()) {
          messages.remove(messages.size() - 1);
        }
      } else {
        ((ObjectNode) block).put("text", trimmed);
      }
    }
  }

  private static void stopSequences(JsonNode stop, ObjectNode body) {
    if (stop == null || stop.isNull()) {
      return;
    }
    ArrayNode sequences = Json.NODES.arrayNode();
    for (JsonNode item : stop.isArray() ? stop : Json.NODES.arrayNode().add(stop)) {
      // Anthropic refuses stop sequences that are only white space.
      if (item.isString() && !item.asString().isBlank()) {
        sequences.add(item.asString());
      }
    }
    if (!sequences.isEmpty()) {
      body.set("stop_sequences", sequences);
    }
  }

  /** OpenAI's user as metadata.user_id; Anthropic refuses e-mail addresses there, so those are left out. */
  private static void userId(JsonNode user, ObjectNode body) {
    if (user != null && user.isString() && !user.asString().isBlank() && !user.asString().contains("@")) {
      body.putObject("metadata").put("user_id", user.asString());
    }
  }

  private static void thinking(JsonNode effort, ObjectNode body, boolean clientSetMax) throws UpstreamException {
    if (effort == null || effort.isNull() || effort.asString("").equals("none")) {
      return;
    }
    Integer budget = THINKING_BUDGETS.get(effort.asString("").toLowerCase(Locale.ROOT));
    if (budget == null) {
      throw badRequest("reasoning_effort must be minimal, low, medium, high or none");
    }
    body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
    if (!clientSetMax || body.get("max_tokens").intValue() <= budget) {
      body.put("max_tokens", budget + DEFAULT_MAX_TOKENS); // the budget is part of max_tokens
    }
  }

  private static void tools(ObjectNode openAi, ObjectNode body) throws UpstreamException {
    JsonNode tools = openAi.get("tools");
    if (tools != null && tools.isArray() && !tools.isEmpty()) {
      ArrayNode out = body.putArray("tools");
      for (JsonNode tool : tools) {
        JsonNode function = tool.path("function");
        ObjectNode mapped = out.addObject().put("name", function.path("name").asString(""));
        if (function.has("description")) {
          mapped.put("description", function.path("description").asString(""));
        }
        JsonNode parameters = function.get("parameters");
        mapped.set("input_schema", parameters != null && parameters.isObject() ? parameters
            : Json.object().put("type", "object").set("properties", Json.object()));
        if (tool.has("cache_control")) {
          mapped.set("cache_control", tool.get("cache_control"));
        }
      }
    }
    ObjectNode choice = toolChoice(openAi.get("tool_choice"));
    JsonNode parallel = openAi.get("parallel_tool_calls");
    if (parallel != null && parallel.isBoolean() && !parallel.booleanValue()
        && (choice == null || !choice.path("type").asString().equals("none"))) {
      choice = choice == null ? Json.object().put("type", "auto") : choice;
      choice.put("disable_parallel_tool_use", true);
    }
    if (choice != null && body.has("tools")) {
      body.set("tool_choice", choice);
    }
  }

  private static ObjectNode toolChoice(JsonNode choice) throws UpstreamException {
    if (choice == null || choice.isNull()) {
      return null;
    }
    if (choice.isString()) {
      return switch (choice.asString()) {
        case "auto" -> Json.object().put("type", "auto");
        case "required" -> Json.object().put("type", "any");
        case "none" -> Json.object().put("type", "none");
        default -> throw badRequest("tool_choice must be auto, required, none or a function");
      };
    }
    String name = choice.path("function").path("name").asString("");
    if (name.isEmpty()) {
      throw badRequest("tool_choice names no function");
    }
    return Json.object().put("type", "tool").put("name", name);
  }

  /**
   * JSON answers, as LiteLLM gets them from Anthropic: a tool whose input schema is the wanted
   * schema, which the model must call; its arguments are then the answer's content.
   */
  private static boolean responseFormat(JsonNode format, ObjectNode body) {
    String type = format == null ? "" : format.path("type").asString("");
    if (!type.equals("json_object") && !type.equals("json_schema")) {
      return false;
    }
    JsonNode schema = format.path("json_schema").path("schema");
    ObjectNode tool = Json.object().put("name", JSON_TOOL)
        .put("description", "Answer with a JSON object of this shape.");
    tool.set("input_schema", schema.isObject() ? schema
        : Json.object().put("type", "object").put("additionalProperties", true));
    ArrayNode tools = body.has("tools") ? (ArrayNode) body.get("tools") : body.putArray("tools");
    tools.add(tool);
    // Extended thinking cannot be combined with a forced tool; the model is then only asked to use it.
    body.set("tool_choice", body.has("thinking") ? Json.object().put("type", "auto")
        : Json.object().put("type", "tool").put("name", JSON_TOOL));
    return true;
  }

  private static Iterable<JsonNode> parts(JsonNode content) throws UpstreamException {
    if (!content.isArray()) {
      throw badRequest("message content must be a string or a list of parts");
    }
    return content;
  }

  private static UpstreamException badRequest(String message) {
    return new UpstreamException(FailureKind.BAD_REQUEST, 400, message);
  }
}
