package dev.lantern.gateway.cost;

import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.config.Pricing;
import dev.lantern.gateway.provider.Usage;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The USD cost of a call, in this order: {@code :free} models cost 0; per-token prices from the
 * config; OpenRouter's {@code usage.cost}; the bundled price table; otherwise 0 (logged once per
 * deployment so the user knows to add a price, and counted as a zero-cost request).
 */
public final class CostCalculator {
  private static final Logger LOG = LoggerFactory.getLogger(CostCalculator.class);

  private final PriceTable table;
  private final Set<String> warnedUnpriced = ConcurrentHashMap.newKeySet();

  public CostCalculator(PriceTable table) {
    this.table = table;
  }

  /**
   * @param model         the call's full model string: the deployment's, or what a wildcard route made of it
   * @param upstreamModel {@code model} without its provider prefix
   */
  private static double priced(Pricing pricing, Usage usage) {
    return pricing.cost(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(), usage.cacheWriteTokens());
  }

  public Cost cost(DeploymentConfig deployment, String model, String upstreamModel, Usage usage) {
    if (upstreamModel.endsWith(":free")) {
      return Cost.of(0);
    }
    Pricing configured = deployment.pricing();
    if (configured.priced()) {
      return Cost.of(priced(configured.over(table.find(model, upstreamModel).orElse(Pricing.NONE)), usage));
    }
    if (usage.reportedCost().isPresent()) {
      return Cost.of(usage.reportedCost().getAsDouble());
    }
    // The config's cache prices, where it sets only those, over the table's row.
    Optional<Pricing> price = table.find(model, upstreamModel).map(configured::over);
    if (price.isPresent()) {
      return Cost.of(priced(price.get(), usage));
    }
    if (usage.totalTokens() == 0) {
      return Cost.of(0); // nothing was used: nothing to price
    }
    // Warn once per deployment: a wildcard route could otherwise log once for every name a client tries.
    if (warnedUnpriced.add(deployment.id())) {
      LOG.warn("no price known for {}: its spend counts as 0; set litellm_params.input_cost_per_token and "
          + "output_cost_per_token for model '{}'", model, deployment.modelName());
    }
    return Cost.unpriced();
  }
}
