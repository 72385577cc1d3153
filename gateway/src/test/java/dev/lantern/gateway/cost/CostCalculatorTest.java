package dev.lantern.gateway.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.config.LiteLlmConfig;
import dev.lantern.gateway.provider.Usage;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What a call costs, prompt-cache reads and writes at their own prices, the config over the bundled table. */
class CostCalculatorTest {
  private final CostCalculator costs = new CostCalculator(PriceTable.bundled());

  /** 1,000 prompt tokens, 600 of them read from the cache and 200 written to it; 100 completion tokens. */
  private static final Usage CACHED = new Usage(1_000, 100, 1_100, OptionalDouble.empty(), false, 600, 200, 0);

  @Test
  void cacheReadsAndWritesCostTheirConfiguredPrices() {
    DeploymentConfig claude = deployment("""
        {model: anthropic/claude-sonnet-4-5, input_cost_per_token: 0.000003, output_cost_per_token: 0.000015,
         cache_read_input_token_cost: 0.0000003, cache_creation_input_token_cost: 0.00000375}""");

    Cost cost = costs.cost(claude, claude.model(), claude.upstreamModel(), CACHED);

    assertThat(cost.usd()).isCloseTo(200 * 3e-6 + 600 * 0.3e-6 + 200 * 3.75e-6 + 100 * 15e-6, within(1e-12));
    assertThat(cost.zeroCostReason()).isEmpty();
  }

  @Test
  void cachePricesAloneInTheConfigTakeInputAndOutputFromTheBundledTable() {
    DeploymentConfig qwen = deployment("{model: openrouter/qwen/qwen-turbo, cache_read_input_token_cost: 0.00000001}");

    Cost cost = costs.cost(qwen, qwen.model(), qwen.upstreamModel(), CACHED);

    // The table's qwen-turbo: 5e-8 input, 2e-7 output.
    assertThat(cost.usd()).isCloseTo(400 * 5e-8 + 600 * 1e-8 + 100 * 2e-7, within(1e-12));
  }

  @Test
  void aModelWithNoPriceAnywhereIsAZeroCostCallThatSaysWhy() {
    DeploymentConfig unknown = deployment("{model: openai/some-local-model, cache_read_input_token_cost: 0.0000001}");

    Cost cost = costs.cost(unknown, unknown.model(), unknown.upstreamModel(), CACHED);

    assertThat(cost.usd()).isZero();
    assertThat(cost.zeroCostReason()).contains(Cost.MISSING_PRICING_KEY);
  }

  private static DeploymentConfig deployment(String params) {
    return LiteLlmConfig.parse("model_list:\n  - {model_name: m, litellm_params: " + params.replace("\n", " ") + "}",
        Map.of()).deployments().get(0);
  }
}
