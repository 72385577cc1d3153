package dev.lantern.gateway.routing;

import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.limits.LimitCounters;
import dev.lantern.gateway.limits.LocalCounters;
import dev.lantern.gateway.provider.Provider;
import dev.lantern.gateway.provider.UpstreamException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream model that can serve a model group, with the live state routing needs: calls in
 * flight, rpm/tpm used this minute (in {@link LimitCounters}, shared by replicas through Redis),
 * and health (cooldown).
 */
public final class Deployment {
  private final DeploymentConfig config;
  private final Provider provider;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Where this minute's requests and tokens are counted: this replica's memory, or Redis for all. */
  private final LimitCounters counters;
  private final String scope;
  private final DeploymentHealth health = new DeploymentHealth();
  private final Router.Clock clock;

  public Deployment(DeploymentConfig config, Provider provider) {
    this(config, provider, Router.Clock.SYSTEM, new LocalCounters());
  }

  /**
   * What the pre-call checks know of the model: its context window and whether it takes tools
   * (from {@code model_info}, else the bundled table); empty when unknown, and then not checked.
   */
  public record Capabilities(Optional<Integer> maxInputTokens, Optional<Boolean> supportsTools) {
    public static final Capabilities UNKNOWN = new Capabilities(Optional.empty(), Optional.empty());
  }

  private volatile Capabilities capabilities = Capabilities.UNKNOWN;
  /** Until when this deployment is known to refuse tools: learned from the upstream's answer. */
  private volatile long refusesToolsUntil;
  private volatile boolean refusedTools;

  /**
   * @param clock    the router's clock, so that cooldowns read the same time everywhere
   * @param counters where {@code rpm} and {@code tpm} are counted; with Redis, every replica shares them
   */
  public Deployment(DeploymentConfig config, Provider provider, Router.Clock clock, LimitCounters counters) {
    this.config = config;
    this.provider = provider;
    this.clock = clock;
    this.counters = counters;
    this.scope = LimitCounters.deploymentScope(config.id());
  }

  public DeploymentConfig config() {
    return config;
  }

  public Provider provider() {
    return provider;
  }

  public String id() {
    return config.id();
  }

  public String modelName() {
    return config.modelName();
  }

  /** The full LiteLLM model string, e.g. {@code openrouter/qwen/qwen3-coder:free}. */
  public String model() {
    return config.model();
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Why this deployment cannot take a call now, or empty when it can. */
  Optional<String> unavailableBecause(long nowNanos, long nowMillis) {
    long cooling = health.coolingNanosLeft(nowNanos);
    if (cooling > 0) {
      String cause = health.lastFailure();
      return Optional.of("cooling down for " + Math.max(1, cooling / 1_000_000_000L) + " s"
          + (cause == null ? "" : " after: " + cause));
    }
    // Read only when a limit is set: with Redis each read is a round trip.
    if (config.rpm().isPresent() && counters.requestsThisMinute(scope, nowMillis) >= config.rpm().get()) {
      return Optional.of("at its rpm limit of " + config.rpm().get());
    }
    if (config.tpm().isPresent() && counters.tokensThisMinute(scope, nowMillis) >= config.tpm().get()) {
      return Optional.of("at its tpm limit of " + config.tpm().get());
    }
    if (config.maxParallel() > 0 && inFlight.get() >= config.maxParallel()) {
      return Optional.of("at max_parallel_requests " + config.maxParallel());
    }
    return Optional.empty();
  }

  /**
   * Whether routing may pick this deployment: {@link #unavailableBecause} without the rpm read,
   * because {@link #tryBegin} checks and takes rpm in one step anyway. With Redis that saves a
   * round trip on every call; a deployment at its rpm limit is refused by tryBegin instead.
   */
  boolean mayBePicked(long nowNanos, long nowMillis) {
    if (health.coolingNanosLeft(nowNanos) > 0) {
      return false;
    }
    if (config.maxParallel() > 0 && inFlight.get() >= config.maxParallel()) {
      return false;
    }
    return config.tpm().isEmpty() || counters.tokensThisMinute(scope, nowMillis) < config.tpm().get();
  }

  /**
   * Claims a place for one call, atomically against {@code max_parallel_requests} and {@code rpm}:
   * concurrent requests that all saw room cannot all take it.
   */
  boolean tryBegin(long nowMillis) {
    int max = config.maxParallel();
    while (true) {
      int current = inFlight.get();
      if (max > 0 && current >= max) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        break;
      }
    }
    if (config.rpm().isPresent() && !counters.tryRequest(scope, config.rpm().get(), nowMillis)) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  void end() {
    inFlight.decrementAndGet();
  }

  boolean failed(long nowNanos, UpstreamException failure, boolean severalDeployments, int allowedFails, long cooldownNanos) {
    return health.failed(nowNanos, failure, severalDeployments, allowedFails,
        config.cooldownTime().map(java.time.Duration::toNanos).orElse(cooldownNanos));
  }

  void succeeded() {
    health.succeeded();
  }

  public Deployment withCapabilities(Capabilities known) {
    this.capabilities = known;
    return this;
  }

  /** Why this deployment cannot take a request with these needs (pre-call checks), or empty. */
  Optional<String> cannotServe(CallContext needs, long nowNanos) {
    Optional<Integer> window = capabilities.maxInputTokens();
    if (window.isPresent() && needs.promptTokens() > window.get()) {
      return Optional.of("its context window of " + window.get() + " tokens is smaller than the prompt (about "
          + needs.promptTokens() + " tokens)");
    }
    if (needs.usesTools() && capabilities.supportsTools().equals(Optional.of(false))) {
      return Optional.of("it does not support tools (model_info.supports_function_calling: false)");
    }
    if (needs.usesTools() && refusedTools && nowNanos - refusesToolsUntil < 0) {
      return Optional.of("it refused tools a moment ago");
    }
    return Optional.empty();
  }

  /** The upstream said this deployment cannot take tools: skip it for tool requests for {@code forNanos}. */
  void refusedTools(long nowNanos, long forNanos) {
    refusesToolsUntil = nowNanos + forNanos;
    refusedTools = true;
  }

  /** Cools down because another replica saw this deployment fail (shared through Redis). */
  public void coolDownFor(java.time.Duration duration, String cause) {
    health.coolFor(clock.nanos(), duration.toNanos(), cause);
  }

  /** The last failure's message (shown on the admin page), or null. */
  public String lastFailure() {
    return health.lastFailure();
  }

  /** Why it cannot take a call now (cooling down, at a limit), or empty: for the admin page. */
  public Optional<String> unavailableNow() {
    return unavailableBecause(clock.nanos(), clock.millis());
  }

  /** How long this deployment still cools down, for sharing with other replicas. */
  public java.time.Duration coolingLeft() {
    return java.time.Duration.ofNanos(health.coolingNanosLeft(clock.nanos()));
  }

  /** Counts tokens against the deployment's tpm limit once a call's usage is known. */
  public void usedTokens(long nowMillis, long count) {
    if (config.tpm().isPresent()) {
      counters.addTokens(scope, count, nowMillis);
    }
  }

  /** 0 healthy, 1 partial outage (recent failure), 2 outage (cooling down): LiteLLM's gauge. */
  public int state() {
    return health.state(clock.nanos());
  }
}
