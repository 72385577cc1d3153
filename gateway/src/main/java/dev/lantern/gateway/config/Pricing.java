package dev.lantern.gateway.config;

import java.util.Optional;

/**
 * A deployment's prices from the config, USD per token, by LiteLLM's names: {@code
 * input_cost_per_token}, {@code output_cost_per_token}, and for prompt caching {@code
 * cache_read_input_token_cost} and {@code cache_creation_input_token_cost}. Cached tokens without a
 * price of their own cost what other input tokens cost.
 */
public record Pricing(Optional<Double> input, Optional<Double> output, Optional<Double> cacheRead,
    Optional<Double> cacheCreation) {
  public static final Pricing NONE = new Pricing(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** True when some price is known: input or output (cache prices alone price nothing else). */
  public boolean priced() {
    return input.isPresent() || output.isPresent();
  }

  /** These prices where set, else {@code fallback}'s: the config's over the bundled table's. */
  public Pricing over(Pricing fallback) {
    return new Pricing(input.or(fallback::input), output.or(fallback::output), cacheRead.or(fallback::cacheRead),
        cacheCreation.or(fallback::cacheCreation));
  }

  /**
   * What a call costs: cache reads and writes at their own prices, the rest of the prompt at the
   * input price, the completion at the output price.
   */
  public double cost(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens) {
    double in = input.orElse(0.0);
    long plainPrompt = Math.max(0, promptTokens - cachedTokens - cacheWriteTokens);
    return plainPrompt * in + cachedTokens * cacheRead.orElse(in) + cacheWriteTokens * cacheCreation.orElse(in)
        + completionTokens * output.orElse(0.0);
  }
}
