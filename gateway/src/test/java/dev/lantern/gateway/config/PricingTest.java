package dev.lantern.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Prompt-cache reads and writes are priced at their own rates, as LiteLLM prices them. */
class PricingTest {
  @Test
  void cachedAndWrittenPromptTokensCostTheirOwnPrices() {
    Pricing sonnet = new Pricing(Optional.of(3e-6), Optional.of(15e-6), Optional.of(0.3e-6), Optional.of(3.75e-6));

    // 1,000 prompt tokens, of which 600 read from the cache and 200 written to it; 100 completion tokens.
    double cost = sonnet.cost(1_000, 100, 600, 200);

    assertThat(cost).isCloseTo(200 * 3e-6 + 600 * 0.3e-6 + 200 * 3.75e-6 + 100 * 15e-6, within(1e-12));
  }

  @Test
  void withoutCachePricesCachedTokensCostWhatInputCosts() {
    Pricing plain = new Pricing(Optional.of(1e-6), Optional.of(2e-6), Optional.empty(), Optional.empty());

    assertThat(plain.cost(1_000, 10, 600, 0)).isCloseTo(1_000 * 1e-6 + 10 * 2e-6, within(1e-12));
  }

  @Test
  void liteLlmsCacheCostKeysAreRead() {
    GatewayConfig config = LiteLlmConfig.parse("""
        model_list:
          - model_name: claude
            litellm_params: {model: claude-sonnet-4-5, input_cost_per_token: 0.000003, output_cost_per_token: 0.000015,
              cache_read_input_token_cost: 0.0000003, cache_creation_input_token_cost: 0.00000375}
        """, Map.of());

    DeploymentConfig claude = config.deployments().get(0);
    assertThat(claude.provider()).as("LiteLLM knows claude-* models as Anthropic's without a prefix").isEqualTo("anthropic");
    assertThat(claude.pricing().cacheRead()).contains(0.0000003);
    assertThat(claude.pricing().cacheCreation()).contains(0.00000375);
  }
}
