package dev.lantern.gateway.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole gateway configuration, read from a LiteLLM config.yaml by {@link LiteLlmConfig}.
 *
 * @param modelNames         every {@code model_name} in config order, without repeats: exact names and
 *                           wildcard patterns ({@link ModelPattern}), including those whose entries were skipped
 * @param skipped            {@code model_list} entries left out with a warning, and why
 * @param masterKey          {@code general_settings.master_key} or {@code LITELLM_MASTER_KEY}
 * @param metricsNeedKey     false only when {@code require_auth_for_metrics_endpoint: false}
 * @param maxRequestBytes    bodies above this get 413 ({@code general_settings.max_request_size_mb})
 * @param dropParams         {@code litellm_settings.drop_params}
 * @param latencyBuckets     {@code litellm_settings.prometheus_latency_buckets} or LiteLLM's
 * @param callbacks          the callbacks named in config ({@code prometheus} is always on)
 * @param healthCheckInterval {@code general_settings.health_check_interval} when
 *                           {@code background_health_checks} is on; empty: {@code /health} checks on request
 * @param database           where keys, teams and spend live; empty without a master key
 * @param redis              shared by replicas for limits, cooldowns and key changes; empty: each keeps its own
 * @param ignoredKeys        key paths present in the file that Lantern does not act on
 */
public record GatewayConfig(
    String source,
    List<DeploymentConfig> deployments,
    List<String> modelNames,
    List<SkippedDeployment> skipped,
    RouterSettings router,
    Optional<String> masterKey,
    boolean metricsNeedKey,
    long maxRequestBytes,
    boolean dropParams,
    List<Double> latencyBuckets,
    List<String> callbacks,
    Optional<java.time.Duration> healthCheckInterval,
    Optional<DatabaseSettings> database,
    Optional<RedisSettings> redis,
    ClientTimeouts clientTimeouts,
    List<String> ignoredKeys) {

  /**
   * How long a client may take to send its request headers, and to send the next bytes of its
   * body ({@code general_settings.client_header_timeout} / {@code client_body_timeout}, seconds,
   * as nginx names them); past them the connection is closed or the request gets 408.
   */
  public record ClientTimeouts(java.time.Duration header, java.time.Duration body) {
    public static final ClientTimeouts DEFAULT = new ClientTimeouts(java.time.Duration.ofSeconds(10),
        java.time.Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    // Never let a record's generated toString print the master key.
    return "GatewayConfig[" + source + ", models=" + modelNames() + "]";
  }
}
