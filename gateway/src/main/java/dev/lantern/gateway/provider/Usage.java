package dev.lantern.gateway.provider;

import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * Token usage of one call, from the upstream's {@code usage} object.
 *
 * @param reportedCost    OpenRouter's {@code usage.cost} in USD, when the upstream reports it
 * @param estimated       true when the upstream sent no usage and the gateway counted characters
 * @param cachedTokens    prompt tokens read from the provider's prompt cache ({@code prompt_tokens_details.cached_tokens})
 * @param cacheWriteTokens prompt tokens written to the provider's prompt cache (Anthropic's {@code cache_creation_input_tokens})
 * @param reasoningTokens completion tokens spent thinking ({@code completion_tokens_details.reasoning_tokens})
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens,
    OptionalDouble reportedCost, boolean estimated, long cachedTokens, long cacheWriteTokens, long reasoningTokens) {

  public static final Usage NONE = new Usage(0, 0, 0, OptionalDouble.empty(), false, 0, 0, 0);

  /** Reads an OpenAI {@code usage} object; absent or malformed fields count as 0. */
  public static Usage from(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return NONE;
    }
    long prompt = nonNegative(usage.get("prompt_tokens"));
    long completion = nonNegative(usage.get("completion_tokens"));
    long total = usage.has("total_tokens") ? nonNegative(usage.get("total_tokens")) : prompt + completion;
    JsonNode cost = usage.get("cost");
    OptionalDouble reported = cost != null && cost.isNumber() && cost.doubleValue() >= 0
        ? OptionalDouble.of(cost.doubleValue())
        : OptionalDouble.empty();
    long cacheWrites = Math.max(nonNegative(usage.path("prompt_tokens_details").get("cache_creation_tokens")),
        nonNegative(usage.get("cache_creation_input_tokens")));
    return new Usage(prompt, completion, total, reported, false,
        nonNegative(usage.path("prompt_tokens_details").get("cached_tokens")), cacheWrites,
        nonNegative(usage.path("completion_tokens_details").get("reasoning_tokens")));
  }

  /** A rough count (four characters a token) for upstreams that send no usage in a stream. */
  public static Usage estimate(long promptChars, long completionChars) {
    long prompt = (promptChars + 3) / 4;
    long completion = (completionChars + 3) / 4;
    return new Usage(prompt, completion, prompt + completion, OptionalDouble.empty(), true, 0, 0, 0);
  }

  /** This usage with the completion counted as {@code completion} tokens (an estimate). */
  public Usage withEstimatedCompletion(long completion) {
    return new Usage(promptTokens, completion, promptTokens + completion, reportedCost, true, 0, 0, 0);
  }

  private static long nonNegative(JsonNode node) {
    return node != null && node.canConvertToLong() && node.longValue() > 0 ? node.longValue() : 0;
  }
}
