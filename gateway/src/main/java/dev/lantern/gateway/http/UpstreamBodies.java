package dev.lantern.gateway.http;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.config.ModelString;
import dev.lantern.gateway.routing.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shapes the client's body for one deployment: the upstream model name goes in, LiteLLM's own
 * request keys come out (LiteLLM consumes them; upstreams reject them), and with {@code
 * drop_params} so does every parameter outside OpenAI's API and the provider's known extras.
 */
final class UpstreamBodies {
  /** Request keys that configure LiteLLM itself and are never forwarded. */
  private static final List<String> LITELLM_KEYS = List.of(
      "fallbacks", "context_window_fallback_dict", "num_retries", "mock_response", "caching", "cache",
      "tags", "guardrails", "litellm_metadata", "metadata");

  private static final Set<String> OPENAI_CHAT_PARAMS = Set.of(
      "model", "messages", "stream", "stream_options", "temperature", "top_p", "n", "stop", "max_tokens",
      "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs",
      "user", "response_format", "seed", "tools", "tool_choice", "parallel_tool_calls", "functions",
      "function_call", "reasoning_effort", "modalities", "audio", "prediction", "service_tier", "store",
      "web_search_options", "verbosity", "prompt_cache_key", "safety_identifier",
      // embeddings
      "input", "encoding_format", "dimensions");

  /** Parameters a provider accepts beyond OpenAI's, kept even with drop_params. */
  private static final Map<String, Set<String>> PROVIDER_EXTRAS = Map.of(
      "openrouter", Set.of("provider", "transforms", "models", "route", "reasoning", "usage", "plugins",
          "top_k", "min_p", "top_a", "repetition_penalty"),
      "ollama", Set.of("top_k", "min_p", "repeat_penalty", "num_ctx", "keep_alive", "think"),
      "hosted_vllm", Set.of("top_k", "min_p", "repetition_penalty", "best_of", "use_beam_search",
          "guided_json", "guided_regex", "guided_choice", "chat_template_kwargs"),
      "anthropic", Set.of("top_k", "thinking"),
      "mistral", Set.of("safe_prompt", "random_seed"));

  private UpstreamBodies() {}

  /** Removes LiteLLM's keys once per request (the body is then reused across attempts). */
  static void stripLiteLlmKeys(ObjectNode body) {
    body.remove(LITELLM_KEYS);
  }

  /**
   * The body for one attempt on one deployment. Without drop_params the client's body is reused
   * (only {@code model} changes between attempts); with it, each attempt filters its own shallow
   * copy, so a parameter one provider lacks still reaches the next one in a fallback chain.
   */
  static ObjectNode forTarget(ObjectNode body, Target target, boolean dropParams) {
    ObjectNode upstream = body;
    // LiteLLM's catch-all (model: "*") reaches the provider the requested name names.
    String provider = target.deployment().config().passesThrough() ? ModelString.parse(target.model()).provider()
        : target.deployment().config().provider();
    if (!provider.equals("anthropic")) {
      upstream = withoutThinkingBlocks(upstream);
    }
    if (dropParams) {
      Set<String> extras = PROVIDER_EXTRAS.getOrDefault(provider, Set.of());
      upstream = body.objectNode();
      for (Map.Entry<String, JsonNode> field : body.properties()) {
        if (OPENAI_CHAT_PARAMS.contains(field.getKey()) || extras.contains(field.getKey())) {
          upstream.set(field.getKey(), field.getValue());
        }
      }
    }
    upstream.put("model", target.upstreamModel());
    return upstream;
  }

  /**
   * Anthropic's signed thinking, kept by a client on its assistant messages (LiteLLM's {@code
   * thinking_blocks}), is for Anthropic only: another upstream may refuse the unknown field. The
   * client's body is left as it is for a later attempt that goes to Anthropic.
   */
  private static ObjectNode withoutThinkingBlocks(ObjectNode body) {
    JsonNode messages = body.get("messages");
    boolean any = false;
    for (JsonNode message : messages == null ? Json.NODES.arrayNode() : messages) {
      any |= message.has("thinking_blocks");
    }
    if (!any) {
      return body;
    }
    ObjectNode copy = body.objectNode();
    copy.setAll(body);
    tools.jackson.databind.node.ArrayNode cleaned = copy.putArray("messages");
    for (JsonNode message : messages) {
      if (message.isObject() && message.has("thinking_blocks")) {
        ObjectNode without = ((ObjectNode) message).deepCopy();
        without.remove("thinking_blocks");
        cleaned.add(without);
      } else {
        cleaned.add(message);
      }
    }
    return copy;
  }
}
