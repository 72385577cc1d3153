package dev.lantern.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * LiteLLM's {@code router_settings}, with LiteLLM's defaults (checked against its source): two
 * retries, three allowed failures a minute, five seconds of cooldown, at most five fallbacks.
 *
 * @param fallbacks          model group to the groups tried, in order, after its retries fail
 * @param defaultFallbacks   tried for any group that has no entry of its own in {@code fallbacks}
 * @param preCallChecks      {@code enable_pre_call_checks}: skip deployments whose context window is too
 *                           small for the prompt, or that cannot take the request's tools
 */
public record RouterSettings(
    RoutingStrategyName routingStrategy,
    int numRetries,
    Duration retryAfter,
    Duration timeout,
    Duration streamTimeout,
    int allowedFails,
    Duration cooldownTime,
    Map<String, List<String>> fallbacks,
    Map<String, List<String>> contextWindowFallbacks,
    Map<String, List<String>> contentPolicyFallbacks,
    List<String> defaultFallbacks,
    int maxFallbacks,
    boolean preCallChecks) {

  public static final int DEFAULT_NUM_RETRIES = 2;
  public static final int DEFAULT_ALLOWED_FAILS = 3;
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_FALLBACKS = 5;
  /** LiteLLM's docs promise ten minutes; its code says 6000 s. Ten minutes is the sane one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** The routing strategies LiteLLM names in {@code routing_strategy} that Lantern implements. */
  public enum RoutingStrategyName {
    SIMPLE_SHUFFLE("simple-shuffle"),
    LEAST_BUSY("least-busy");

    private final String configName;

    RoutingStrategyName(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }
}
