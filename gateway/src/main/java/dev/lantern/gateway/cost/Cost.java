package dev.lantern.gateway.cost;

import java.util.Optional;

/**
 * What one call cost, in USD, and, when it came to 0 for a call that used tokens of a model that
 * is not free, why: LiteLLM's {@code litellm_zero_cost_requests_total} reason.
 */
public record Cost(double usd, Optional<String> zeroCostReason) {
  /** No price was found for the model: LiteLLM's reason label. */
  public static final String MISSING_PRICING_KEY = "missing_pricing_key";

  public static Cost of(double usd) {
    return new Cost(usd, Optional.empty());
  }

  static Cost unpriced() {
    return new Cost(0, Optional.of(MISSING_PRICING_KEY));
  }
}
