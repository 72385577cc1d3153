package dev.lantern.gateway.provider.anthropic;

import dev.lantern.common.json.Json;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic Message as an OpenAI chat completion: text blocks into {@code content}, {@code
 * tool_use} blocks into {@code tool_calls}, thinking into {@code reasoning_content}, the stop reason
 * into a finish reason, and the usage with cache reads and writes counted as prompt tokens (as
 * LiteLLM counts them; the cache reads also as {@code cached_tokens}).
 */
final class MessagesAnswer {
  private static final Map<String, String> FINISH_REASONS = Map.of(
      "end_turn", "stop", "stop_sequence", "stop", "max_tokens", "length", "tool_use", "tool_calls",
      "refusal", "content_filter", "model_context_window_exceeded", "length", "pause_turn", "stop");

  private MessagesAnswer() {}

  static ObjectNode completion(JsonNode message, String model, boolean jsonMode, long created) {
    ObjectNode completion = Json.object().put("id", message.path("id").asString("msg"))
        .put("object", "chat.completion").put("created", created)
        .put("model", message.path("model").asString(model));
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    ObjectNode out = choice.putObject("message").put("role", "assistant");
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    ArrayNode calls = Json.NODES.arrayNode();
    ArrayNode thinkingBlocks = Json.NODES.arrayNode();
    String json = null;
    for (JsonNode block : message.path("content")) {
      switch (block.path("type").asString("")) {
        case "text" -> text.append(block.path("text").asString(""));
        case "thinking" -> {
          thinking.append(block.path("thinking").asString(""));
          thinkingBlocks.add(block);
        }
        case "redacted_thinking" -> thinkingBlocks.add(block);
        case "tool_use" -> {
          String arguments = Json.MAPPER.writeValueAsString(block.path("input"));
          if (jsonMode && block.path("name").asString("").equals(MessagesRequest.JSON_TOOL)) {
            json = arguments;
          } else {
            ObjectNode call = calls.addObject().put("id", block.path("id").asString(""))
                .put("type", "function");
            call.putObject("function").put("name", block.path("name").asString("")).put("arguments", arguments);
          }
        }
        default -> { } // server tool results, citations: nothing an OpenAI client reads
      }
    }
    boolean answeredAsJson = json != null;
    if (answeredAsJson) {
      out.put("content", json); // the JSON alone, whatever the model said around its call
    } else if (text.isEmpty() && !calls.isEmpty()) {
      out.putNull("content");
    } else {
      out.put("content", text.toString());
    }
    if (!thinking.isEmpty()) {
      out.put("reasoning_content", thinking.toString());
    }
    if (!thinkingBlocks.isEmpty()) {
      // LiteLLM's field: a client that sends it back keeps extended thinking working across tool calls.
      out.set("thinking_blocks", thinkingBlocks);
    }
    if (!calls.isEmpty()) {
      out.set("tool_calls", calls);
    }
    String finish = answeredAsJson ? "stop" : finishReason(message.path("stop_reason").asString(null));
    choice.put("finish_reason", calls.isEmpty() && finish.equals("tool_calls") ? "stop" : finish);
    completion.set("usage", usage(message.path("usage"), 0, thinking.length()));
    return completion;
  }

  static String finishReason(String stopReason) {
    return stopReason == null ? "stop" : FINISH_REASONS.getOrDefault(stopReason, "stop");
  }

  /**
   * OpenAI's usage from Anthropic's. {@code outputTokens} wins over the usage's own when positive
   * (a stream reports output at its end); reasoning tokens are estimated from the thinking text
   * (four characters a token), since Anthropic counts them inside the output.
   */
  static ObjectNode usage(JsonNode usage, long outputTokens, long thinkingChars) {
    long input = usage.path("input_tokens").asLong(0);
    long cacheRead = usage.path("cache_read_input_tokens").asLong(0);
    long cacheWrite = usage.path("cache_creation_input_tokens").asLong(0);
    long output = outputTokens > 0 ? outputTokens : usage.path("output_tokens").asLong(0);
    long prompt = input + cacheRead + cacheWrite;
    ObjectNode out = Json.object().put("prompt_tokens", prompt).put("completion_tokens", output)
        .put("total_tokens", prompt + output);
    out.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
    if (thinkingChars > 0) {
      out.putObject("completion_tokens_details").put("reasoning_tokens", Math.min(output, (thinkingChars + 3) / 4));
    }
    if (cacheRead > 0 || cacheWrite > 0) {
      out.put("cache_read_input_tokens", cacheRead).put("cache_creation_input_tokens", cacheWrite);
    }
    return out;
  }
}
