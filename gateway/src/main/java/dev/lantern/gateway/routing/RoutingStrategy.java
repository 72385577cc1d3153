package dev.lantern.gateway.routing;

import dev.lantern.gateway.config.RouterSettings.RoutingStrategyName;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Picks one deployment among those of a group that can take a call now (never empty). */
@FunctionalInterface
public interface RoutingStrategy {
  Deployment choose(List<Deployment> available);

  static RoutingStrategy named(RoutingStrategyName name) {
    return switch (name) {
      case SIMPLE_SHUFFLE -> RoutingStrategy::simpleShuffle;
      case LEAST_BUSY -> RoutingStrategy::leastBusy;
    };
  }

  /**
   * LiteLLM's default: random, weighted by {@code weight} when the deployments have one, else by
   * {@code rpm}, else by {@code tpm}, else uniform.
   */
  static Deployment simpleShuffle(List<Deployment> available) {
    if (available.size() == 1) {
      return available.get(0);
    }
    double[] weights = new double[available.size()];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      var config = available.get(i).config();
      weights[i] = config.weight()
          .or(() -> config.rpm().map(Integer::doubleValue))
          .or(() -> config.tpm().map(Integer::doubleValue))
          .orElse(0.0);
      total += weights[i];
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (total <= 0) {
      return available.get(random.nextInt(available.size()));
    }
    double point = random.nextDouble(total);
    for (int i = 0; i < weights.length; i++) {
      point -= weights[i];
      if (point < 0) {
        return available.get(i);
      }
    }
    return available.get(available.size() - 1);
  }

  /** The deployment with the fewest calls in flight; ties are broken at random. */
  static Deployment leastBusy(List<Deployment> available) {
    int least = Integer.MAX_VALUE;
    int ties = 0;
    Deployment chosen = null;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (Deployment deployment : available) {
      int busy = deployment.inFlight();
      if (busy < least) {
        least = busy;
        chosen = deployment;
        ties = 1;
      } else if (busy == least && random.nextInt(++ties) == 0) {
        chosen = deployment;
      }
    }
    return chosen;
  }
}
