package dev.lantern.gateway.metrics;

import dev.lantern.gateway.cost.Cost;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.provider.Usage;
import dev.lantern.gateway.routing.CallContext;
import dev.lantern.gateway.routing.Caller;
import dev.lantern.gateway.routing.Deployment;
import dev.lantern.gateway.routing.RouterListener;
import dev.lantern.gateway.routing.Target;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * LiteLLM's Prometheus metrics, with LiteLLM's names, help texts and label sets (its default
 * labels as of 2026, org labels included), so that dashboards built for LiteLLM keep working.
 * Labels Lantern has no value for (teams, users, orgs) hold "None", as LiteLLM writes them.
 *
 * <p>Unlike LiteLLM, client-controlled labels are bounded (see {@link LabelLimiter}).
 */
public final class GatewayMetrics implements RouterListener {
  private static final String NONE = "None";
  private static final double NANOS = 1e9;

  private final LabelLimiter clientIps = new LabelLimiter(64);
  private final LabelLimiter userAgents = new LabelLimiter(32);
  private final LabelLimiter apiKeys = new LabelLimiter(64);
  /** Model names clients reach through wildcard routes: at most this many series each. */
  private final LabelLimiter wildcardNames = new LabelLimiter(64);
  /** Names of calls that failed: kept apart, so that junk names cannot use up the room of real ones. */
  private final LabelLimiter failedWildcardNames = new LabelLimiter(64);
  private final java.util.Set<String> configuredNames;

  private final Counter proxyTotalRequests;
  private final Counter proxyFailedRequests;
  private final Counter requests;
  private final Histogram requestTotalLatency;
  private final Histogram llmApiLatency;
  private final Histogram timeToFirstToken;
  private final Histogram overheadLatency;
  private final Counter spend;
  private final Counter totalTokens;
  private final Counter inputTokens;
  private final Counter outputTokens;
  private final Counter successfulFallbacks;
  private final Counter failedFallbacks;
  private final Counter cooledDown;
  private final Counter deploymentSuccesses;
  private final Counter deploymentFailures;
  private final Counter deploymentRequests;
  private final Counter llmApiFailedRequests;
  private final Gauge inFlightRequests;
  private final Histogram requestQueueTime;
  private final Gauge remainingRequests;
  private final Gauge remainingTokens;
  private final Histogram latencyPerOutputToken;
  private final Counter inputCachedTokens;
  private final Counter inputCacheCreationTokens;
  private final Counter outputReasoningTokens;
  private final Counter zeroCostRequests;

  /** @param configuredNames the config's model_names: label values as they are, unlike names from wildcard routes */
  public GatewayMetrics(PrometheusRegistry registry, List<Double> latencyBuckets,
      Supplier<Collection<Deployment>> deployments, Collection<String> configuredNames) {
    this.configuredNames = java.util.Set.copyOf(configuredNames);
    double[] buckets = latencyBuckets.stream().mapToDouble(Double::doubleValue).toArray();
    proxyTotalRequests = counter(registry, "litellm_proxy_total_requests_metric",
        "Total number of requests made to the proxy server - track number of client side requests",
        "end_user", "hashed_api_key", "api_key_alias", "requested_model", "team", "team_alias", "user",
        "status_code", "user_email", "route", "client_ip", "user_agent", "model_id", "org_id", "org_alias");
    proxyFailedRequests = counter(registry, "litellm_proxy_failed_requests_metric",
        "Total number of failed responses from proxy - the client did not get a success response from litellm proxy",
        "end_user", "hashed_api_key", "api_key_alias", "requested_model", "team", "team_alias", "user",
        "user_email", "exception_status", "exception_class", "route", "client_ip", "user_agent", "model_id",
        "org_id", "org_alias");
    requests = counter(registry, "litellm_requests_metric",
        "deprecated - use litellm_proxy_total_requests_metric. Total number of LLM calls to litellm - track total per API Key, team, user",
        spendLabels());
    requestTotalLatency = histogram(registry, "litellm_request_total_latency_metric",
        "Total latency (seconds) for a request to LiteLLM", buckets,
        "end_user", "hashed_api_key", "api_key_alias", "requested_model", "team", "team_alias", "user",
        "model", "model_id", "org_id", "org_alias");
    llmApiLatency = histogram(registry, "litellm_llm_api_latency_metric",
        "Total latency (seconds) for a models LLM API call", buckets, apiLatencyLabels());
    timeToFirstToken = histogram(registry, "litellm_llm_api_time_to_first_token_metric",
        "Time to first token for a models LLM API call", buckets, apiLatencyLabels());
    overheadLatency = histogram(registry, "litellm_overhead_latency_metric",
        "Latency overhead (milliseconds) added by LiteLLM processing", buckets,
        "model_group", "api_provider", "api_base", "litellm_model_name", "hashed_api_key", "api_key_alias",
        "model_id");
    spend = counter(registry, "litellm_spend_metric", "Total spend on LLM requests", spendLabels());
    totalTokens = counter(registry, "litellm_total_tokens_metric",
        "Total number of input + output tokens from LLM requests", tokenLabels());
    inputTokens = counter(registry, "litellm_input_tokens_metric",
        "Total number of input tokens from LLM requests", tokenLabels());
    outputTokens = counter(registry, "litellm_output_tokens_metric",
        "Total number of output tokens from LLM requests", tokenLabels());
    successfulFallbacks = counter(registry, "litellm_deployment_successful_fallbacks",
        "LLM Deployment Analytics - Number of successful fallback requests from primary model -> fallback model",
        fallbackLabels());
    failedFallbacks = counter(registry, "litellm_deployment_failed_fallbacks",
        "LLM Deployment Analytics - Number of failed fallback requests from primary model -> fallback model",
        fallbackLabels());
    cooledDown = counter(registry, "litellm_deployment_cooled_down",
        "LLM Deployment Analytics - Number of times a deployment has been cooled down by LiteLLM load balancing logic. exception_status is the status of the exception that caused the deployment to be cooled down",
        "litellm_model_name", "model_id", "api_base", "api_provider", "exception_status");
    deploymentSuccesses = counter(registry, "litellm_deployment_success_responses",
        "LLM Deployment Analytics - Total number of successful LLM API calls via litellm", deploymentLabels());
    deploymentFailures = counter(registry, "litellm_deployment_failure_responses",
        "LLM Deployment Analytics - Total number of failed LLM API calls for a specific LLM deploymeny. exception_status is the status of the exception from the llm api",
        "requested_model", "litellm_model_name", "model_id", "api_base", "api_provider", "exception_status",
        "exception_class", "hashed_api_key", "api_key_alias", "team", "team_alias", "client_ip", "user_agent");
    deploymentRequests = counter(registry, "litellm_deployment_total_requests",
        "LLM Deployment Analytics - Total number of LLM API calls via litellm - success + failure", deploymentLabels());
    llmApiFailedRequests = counter(registry, "litellm_llm_api_failed_requests_metric",
        "deprecated - use litellm_proxy_failed_requests_metric",
        "end_user", "hashed_api_key", "api_key_alias", "model", "team", "team_alias", "user", "model_id", "org_id",
        "org_alias");
    inFlightRequests = Gauge.builder().name("litellm_in_flight_requests")
        .help("Number of HTTP requests currently in-flight on this gateway process").register(registry);
    requestQueueTime = histogram(registry, "litellm_request_queue_time_seconds",
        "Time (seconds) from request arrival at the proxy to the start of pre-call processing -- includes "
            + "authentication and reading the request", buckets,
        "end_user", "hashed_api_key", "api_key_alias", "requested_model", "team", "team_alias", "user", "model",
        "model_id");
    remainingRequests = Gauge.builder().name("litellm_remaining_requests_metric")
        .help("LLM Deployment Analytics - remaining requests for model, returned from LLM API Provider")
        .labelNames(remainingLabels()).register(registry);
    remainingTokens = Gauge.builder().name("litellm_remaining_tokens_metric")
        .help("LLM Deployment Analytics - remaining tokens for model, returned from LLM API Provider")
        .labelNames(remainingLabels()).register(registry);
    // LiteLLM gives this one prometheus_client's default buckets: seconds per token are small.
    latencyPerOutputToken = histogram(registry, "litellm_deployment_latency_per_output_token",
        "LLM Deployment Analytics - Latency per output token",
        new double[] {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10},
        "litellm_model_name", "model_id", "api_base", "api_provider", "hashed_api_key", "api_key_alias", "team",
        "team_alias");
    inputCachedTokens = counter(registry, "litellm_input_cached_tokens_metric",
        "Provider-side cached input tokens (e.g. OpenAI prompt_tokens_details.cached_tokens, Anthropic "
            + "cache_read_input_tokens)", tokenLabels());
    inputCacheCreationTokens = counter(registry, "litellm_input_cache_creation_tokens_metric",
        "Provider-side input tokens written to prompt cache (e.g. Anthropic cache_creation_input_tokens)",
        tokenLabels());
    outputReasoningTokens = counter(registry, "litellm_output_reasoning_tokens_metric",
        "Reasoning tokens reported in completion_tokens_details.reasoning_tokens", tokenLabels());
    zeroCostRequests = counter(registry, "litellm_zero_cost_requests",
        "Requests that used tokens but were priced at zero cost; reason says why (missing_pricing_key: no price "
            + "is known for the model)", "requested_model", "model", "model_id", "api_provider", "reason");
    limitGauge(registry, "litellm_deployment_rpm_limit", "Deployment RPM limit found in config", deployments,
        config -> config.rpm());
    limitGauge(registry, "litellm_deployment_tpm_limit", "Deployment TPM limit found in config", deployments,
        config -> config.tpm());
    GaugeWithCallback.builder()
        .name("litellm_deployment_state")
        .help("LLM Deployment Analytics - The state of the deployment: 0 = healthy, 1 = partial outage, 2 = complete outage")
        .labelNames("litellm_model_name", "model_id", "api_base", "api_provider")
        .callback(callback -> {
          for (Deployment d : deployments.get()) {
            callback.call(d.state(), d.model(), d.id(), apiBase(d), provider(d));
          }
        })
        .register(registry);
  }

  /** Bounds client-controlled values before they become labels. */
  public Caller caller(String hashedApiKey, String clientIp, String userAgent) {
    return new Caller(apiKeys.limit(hashedApiKey), clientIps.limit(clientIp), userAgents.limit(userAgent));
  }

  /** A virtual key's caller: its alias, team and user label its calls, as in LiteLLM. */
  public Caller caller(String hashedApiKey, String keyAlias, String team, String teamAlias, String user,
      String clientIp, String userAgent) {
    return new Caller(apiKeys.limit(hashedApiKey), orNone(keyAlias), orNone(team), orNone(teamAlias), orNone(user),
        clientIps.limit(clientIp), userAgents.limit(userAgent));
  }

  private static String orNone(String value) {
    return value == null || value.isEmpty() ? NONE : value;
  }

  /** An HTTP request of any route began; {@link #requestEnded} when it is answered. */
  public void requestStarted() {
    inFlightRequests.inc();
  }

  public void requestEnded() {
    inFlightRequests.dec();
  }

  /** A request that got a 2xx answer (its usage is counted by {@link #llmCallUsage}). */
  public void requestSucceeded(CallContext context, Target target, String route, long endNanos) {
    Caller c = context.caller();
    Deployment deployment = target.deployment();
    String model = model(target);
    String group = modelName(target.group());
    requestQueueTime.labelValues(NONE, c.hashedApiKey(), c.keyAlias(), group, c.team(), c.teamAlias(), c.user(), model,
        deployment.id()).observe(context.queueNanos() / NANOS);
    proxyTotalRequests.labelValues(NONE, c.hashedApiKey(), c.keyAlias(), modelName(context.requestedGroup()), c.team(),
        c.teamAlias(), c.user(), "200", NONE, route, c.clientIp(), c.userAgent(), deployment.id(), NONE, NONE).inc();
    // Past the proxy counter, LiteLLM's requested_model is the group that served (after fallbacks).
    requestTotalLatency.labelValues(NONE, c.hashedApiKey(), c.keyAlias(), group, c.team(),
        c.teamAlias(), c.user(), model, deployment.id(), NONE, NONE).observe((endNanos - context.startNanos()) / NANOS);
    // LiteLLM records this one in seconds although its help text says milliseconds.
    overheadLatency.labelValues(group, provider(deployment), apiBase(deployment), model,
        c.hashedApiKey(), c.keyAlias(), deployment.id()).observe(context.overheadNanos(endNanos) / NANOS);
  }

  /**
   * What an upstream call used and cost, counted even when the client left before the end: the
   * upstream bills the tokens either way.
   */
  public void llmCallUsage(CallContext context, Target target, Usage usage, Cost cost) {
    Caller c = context.caller();
    Deployment deployment = target.deployment();
    String model = model(target);
    String[] spendLabels = {NONE, c.hashedApiKey(), c.keyAlias(), model, c.team(), c.teamAlias(), c.user(), NONE,
        c.clientIp(),
        c.userAgent(), deployment.id(), provider(deployment), NONE, NONE};
    requests.labelValues(spendLabels).inc();
    spend.labelValues(spendLabels).inc(cost.usd());
    String[] tokenLabels = {NONE, c.hashedApiKey(), c.keyAlias(), model, c.team(), c.teamAlias(), c.user(), NONE,
        modelName(target.group()),
        deployment.id(), NONE, NONE};
    totalTokens.labelValues(tokenLabels).inc(usage.totalTokens());
    inputTokens.labelValues(tokenLabels).inc(usage.promptTokens());
    outputTokens.labelValues(tokenLabels).inc(usage.completionTokens());
    // Sparse, as in LiteLLM: a series appears once a provider reports such tokens.
    if (usage.cachedTokens() > 0) {
      inputCachedTokens.labelValues(tokenLabels).inc(usage.cachedTokens());
    }
    if (usage.cacheWriteTokens() > 0) {
      inputCacheCreationTokens.labelValues(tokenLabels).inc(usage.cacheWriteTokens());
    }
    if (usage.reasoningTokens() > 0) {
      outputReasoningTokens.labelValues(tokenLabels).inc(usage.reasoningTokens());
    }
    cost.zeroCostReason().ifPresent(reason -> zeroCostRequests.labelValues(modelName(context.requestedGroup()), model,
        deployment.id(), provider(deployment), reason).inc());
  }

  /** A request that got an error status (from the gateway or, after all retries, an upstream). */
  public void requestFailed(Caller c, String requestedModel, String route, int status, String exceptionClass,
      String modelId) {
    String code = Integer.toString(status);
    requestedModel = failedModelName(requestedModel);
    proxyTotalRequests.labelValues(NONE, c.hashedApiKey(), c.keyAlias(), requestedModel, c.team(), c.teamAlias(),
        c.user(), code, NONE, route, c.clientIp(), c.userAgent(), modelId, NONE, NONE).inc();
    proxyFailedRequests.labelValues(NONE, c.hashedApiKey(), c.keyAlias(), requestedModel, c.team(), c.teamAlias(),
        c.user(), NONE, code, exceptionClass, route, c.clientIp(), c.userAgent(), modelId, NONE, NONE).inc();
  }

  /** An upstream call that completed well (for a stream: once the stream has ended). */
  /**
   * An upstream call that completed well (for a stream: once the stream has ended).
   *
   * @param outputTokens the completion's tokens, for the latency per output token
   * @param rateLimits   what the upstream said of its remaining requests and tokens
   */
  public void attemptSucceeded(CallContext context, Target target, long latencyNanos, long ttftNanos,
      long outputTokens, RateLimits rateLimits) {
    Caller c = context.caller();
    Deployment deployment = target.deployment();
    String[] labels = deploymentLabelValues(context, target);
    deploymentSuccesses.labelValues(labels).inc();
    deploymentRequests.labelValues(labels).inc();
    String model = model(target);
    String[] latencyLabels = {model, c.hashedApiKey(), c.keyAlias(), c.team(), c.teamAlias(),
        modelName(target.group()), NONE, c.user(), deployment.id(), NONE, NONE};
    llmApiLatency.labelValues(latencyLabels).observe(latencyNanos / NANOS);
    if (ttftNanos >= 0) {
      timeToFirstToken.labelValues(latencyLabels).observe(ttftNanos / NANOS);
    }
    if (outputTokens > 0) {
      // LiteLLM divides the time to first token for a stream, the whole latency otherwise.
      long nanos = ttftNanos >= 0 ? ttftNanos : latencyNanos;
      latencyPerOutputToken.labelValues(model, deployment.id(), apiBase(deployment), provider(deployment),
          c.hashedApiKey(), c.keyAlias(), c.team(), c.teamAlias()).observe(nanos / NANOS / outputTokens);
    }
    if (!rateLimits.isEmpty()) {
      String[] remaining = {modelName(target.group()), provider(deployment), apiBase(deployment), model,
          c.hashedApiKey(), c.keyAlias(), deployment.id()};
      // Unlike LiteLLM, 0 is set too: an exhausted quota is the value a dashboard most needs.
      rateLimits.remainingRequests().ifPresent(value -> remainingRequests.labelValues(remaining).set(value));
      rateLimits.remainingTokens().ifPresent(value -> remainingTokens.labelValues(remaining).set(value));
    }
  }

  @Override
  public void attemptFailed(Target target, UpstreamException failure, CallContext context, long latencyNanos) {
    Caller c = context.caller();
    Deployment deployment = target.deployment();
    llmApiFailedRequests.labelValues(NONE, c.hashedApiKey(), c.keyAlias(), failedModel(target), c.team(), c.teamAlias(),
        c.user(), deployment.id(), NONE, NONE).inc();
    deploymentRequests.labelValues(failedModelName(target.group()), failedModel(target), deployment.id(),
        apiBase(deployment), provider(deployment), c.hashedApiKey(), c.keyAlias(), c.team(), c.teamAlias(),
        c.clientIp(), c.userAgent()).inc();
    deploymentFailures.labelValues(failedModelName(target.group()), failedModel(target), deployment.id(), apiBase(deployment),
        provider(deployment), Integer.toString(failure.status()), failure.kind().litellmClass(),
        c.hashedApiKey(), c.keyAlias(), c.team(), c.teamAlias(), c.clientIp(), c.userAgent()).inc();
  }

  @Override
  public void cooledDown(Deployment deployment, UpstreamException failure) {
    cooledDown.labelValues(deployment.model(), deployment.id(), apiBase(deployment), provider(deployment),
        Integer.toString(failure.status())).inc();
  }

  @Override
  public void fallback(String requestedGroup, String fallbackGroup, UpstreamException cause, boolean succeeded,
      CallContext context) {
    Caller c = context.caller();
    (succeeded ? successfulFallbacks : failedFallbacks).labelValues(
        succeeded ? modelName(requestedGroup) : failedModelName(requestedGroup),
        succeeded ? modelName(fallbackGroup) : failedModelName(fallbackGroup),
        c.hashedApiKey(), c.keyAlias(), c.team(), c.teamAlias(), Integer.toString(cause.status()),
        cause.kind().litellmClass(), NONE).inc();
  }

  private String[] deploymentLabelValues(CallContext context, Target target) {
    Caller c = context.caller();
    Deployment deployment = target.deployment();
    return new String[] {modelName(target.group()), model(target), deployment.id(), apiBase(deployment),
        provider(deployment), c.hashedApiKey(), c.keyAlias(), c.team(), c.teamAlias(), c.clientIp(), c.userAgent()};
  }

  /**
   * A model name as a label value: a configured name as it is; a name a client chose through a
   * wildcard route ({@code model_name: "*"}) bounded like any client-controlled value.
   */
  private String modelName(String name) {
    return configuredNames.contains(name) ? name : wildcardNames.limit(name);
  }

  /** The call's full model string; a wildcard route's (openai/gpt-4o) is client-chosen, so bounded. */
  private String model(Target target) {
    return target.fromWildcard() ? wildcardNames.limit(target.model()) : target.model();
  }

  private String failedModelName(String name) {
    return configuredNames.contains(name) ? name : failedWildcardNames.limit(name);
  }

  private String failedModel(Target target) {
    return target.fromWildcard() ? failedWildcardNames.limit(target.model()) : target.model();
  }

  private static String apiBase(Deployment deployment) {
    return deployment.provider() == null ? "" : deployment.provider().apiBase();
  }

  private static String provider(Deployment deployment) {
    return deployment.config().provider();
  }

  private static String[] spendLabels() {
    return new String[] {"end_user", "hashed_api_key", "api_key_alias", "model", "team", "team_alias", "user",
        "user_email", "client_ip", "user_agent", "model_id", "api_provider", "org_id", "org_alias"};
  }

  private static String[] tokenLabels() {
    return new String[] {"end_user", "hashed_api_key", "api_key_alias", "model", "team", "team_alias", "user",
        "user_email", "requested_model", "model_id", "org_id", "org_alias"};
  }

  private static String[] remainingLabels() {
    return new String[] {"model_group", "api_provider", "api_base", "litellm_model_name", "hashed_api_key",
        "api_key_alias", "model_id"};
  }

  private static String[] apiLatencyLabels() {
    return new String[] {"model", "hashed_api_key", "api_key_alias", "team", "team_alias", "requested_model",
        "end_user", "user", "model_id", "org_id", "org_alias"};
  }

  private static String[] fallbackLabels() {
    return new String[] {"requested_model", "fallback_model", "hashed_api_key", "api_key_alias", "team",
        "team_alias", "exception_status", "exception_class", "model_id"};
  }

  private static String[] deploymentLabels() {
    return new String[] {"requested_model", "litellm_model_name", "model_id", "api_base", "api_provider",
        "hashed_api_key", "api_key_alias", "team", "team_alias", "client_ip", "user_agent"};
  }

  /** A gauge of one limit from each deployment's config, read at scrape time; no series without the limit. */
  private static void limitGauge(PrometheusRegistry registry, String name, String help,
      Supplier<Collection<Deployment>> deployments,
      java.util.function.Function<dev.lantern.gateway.config.DeploymentConfig, java.util.Optional<Integer>> limit) {
    GaugeWithCallback.builder().name(name).help(help)
        .labelNames("litellm_model_name", "model_id", "api_base", "api_provider")
        .callback(callback -> {
          for (Deployment d : deployments.get()) {
            limit.apply(d.config()).ifPresent(value -> callback.call(value, d.model(), d.id(), apiBase(d), provider(d)));
          }
        })
        .register(registry);
  }

  private static Counter counter(PrometheusRegistry registry, String name, String help, String... labels) {
    return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
  }

  private static Histogram histogram(PrometheusRegistry registry, String name, String help, double[] buckets,
      String... labels) {
    return Histogram.builder().name(name).help(help).labelNames(labels)
        .classicUpperBounds(buckets).classicOnly().register(registry);
  }
}
