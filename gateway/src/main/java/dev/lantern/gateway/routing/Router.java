package dev.lantern.gateway.routing;

import dev.lantern.gateway.config.ModelPattern;
import dev.lantern.gateway.config.RouterSettings;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.MatchResult;

/**
 * Routes a request to a model group as LiteLLM's reliability docs describe, as an explicit
 * pipeline: pick a deployment → call → on failure retry within the group (immediately when another
 * healthy deployment exists, else after a back-off that honours Retry-After) → then walk the
 * group's fallbacks in order, each with its own retries, following chains (free → free2 → cheap)
 * but never fanning out, at most {@code max_fallbacks} groups per request.
 *
 * <p>What happens after a failure depends only on its {@link FailureKind}.
 */
public final class Router {
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
  /** A deployment that refused tools is skipped for tool requests at least this long. */
  private static final long MIN_TOOL_SKIP_NANOS = 5_000_000_000L;

  private final Map<String, List<Deployment>> groups;
  /** The groups whose model_name is a wildcard, most specific first. */
  private final List<ModelPattern> patterns;
  private final RouterSettings settings;
  private final RoutingStrategy strategy;
  private final RouterListener listener;
  private final Clock clock;

  public Router(Map<String, List<Deployment>> groups, RouterSettings settings, RouterListener listener, Clock clock) {
    this.groups = Map.copyOf(groups);
    this.patterns = groups.keySet().stream().filter(ModelPattern::isPattern).map(ModelPattern::of)
        .sorted(ModelPattern.MOST_SPECIFIC_FIRST).toList();
    this.settings = settings;
    this.strategy = RoutingStrategy.named(settings.routingStrategy());
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Whether a request may name this model: a model_name, or a name a wildcard model_name matches.
   * A pattern itself ({@code "*"}) is not a model: sent upstream as it is, it would only fail.
   */
  public boolean hasGroup(String name) {
    return !ModelPattern.isPattern(name) && (groups.containsKey(name) || pattern(name).isPresent());
  }

  /** The deployments that serve this name: its own group, else the most specific wildcard's. */
  public List<Deployment> deployments(String group) {
    return pattern(group).map(p -> groups.get(p.name())).orElseGet(() -> groups.getOrDefault(group, List.of()));
  }

  /**
   * The wildcard that serves this name, if any. An exact model_name always wins, even one whose
   * entries were all skipped: the operator meant that model, and a wildcard would send it to
   * another provider on another account without a word (the call says why there is no deployment).
   */
  private Optional<ModelPattern> pattern(String name) {
    if (groups.containsKey(name)) {
      return Optional.empty();
    }
    for (ModelPattern pattern : patterns) {
      if (pattern.matches(name)) {
        return Optional.of(pattern);
      }
    }
    return Optional.empty();
  }

  /** What an attempt on this deployment calls when the request is routed under {@code group}. */
  private Target target(Deployment deployment, String group) {
    if (!ModelPattern.isPattern(deployment.modelName())) {
      return Target.of(deployment);
    }
    MatchResult match = patterns.stream().filter(p -> p.name().equals(deployment.modelName())).findFirst()
        .flatMap(p -> p.match(group)).orElseThrow();
    return new Target(deployment, group, ModelPattern.rewrite(deployment.model(), match),
        ModelPattern.rewrite(deployment.config().upstreamModel(), match));
  }

  /**
   * Calls {@code attempt} on deployments of {@code group} and its fallbacks until one succeeds.
   * The caller must close the result when the call is over.
   */
  public <T> Routed<T> route(String group, CallContext context, Attempt<T> attempt) throws UpstreamException {
    context.visit(group);
    try {
      return runGroup(group, context, attempt);
    } catch (UpstreamException failure) {
      return fallBack(group, context, attempt, failure);
    }
  }

  /**
   * Records a failure that happened after the call was handed to the client (a stream that broke
   * off mid-way): it counts towards the deployment's cooldown like any other.
   */
  public void lateFailure(Target target, UpstreamException failure, CallContext context, long latencyNanos) {
    recordFailure(target, failure, context, latencyNanos);
  }

  /** Marks a call as healthy once it has really ended well. */
  public void succeeded(Deployment deployment) {
    deployment.succeeded();
  }

  private <T> Routed<T> runGroup(String group, CallContext context, Attempt<T> attempt) throws UpstreamException {
    List<Deployment> deployments = deployments(group);
    Set<Deployment> failedHere = new HashSet<>();
    Set<Deployment> lostRace = new HashSet<>();
    Set<Deployment> refusedTools = new HashSet<>();
    UpstreamException last = null;
    for (int retry = 0; ; ) {
      Deployment deployment = pick(deployments, failedHere, lostRace, refusedTools, context);
      if (deployment == null) {
        // After a failure that cooled the last deployment down, that failure says more.
        throw last != null ? last : preCallRefusal(group, deployments, context).orElseGet(
            () -> noDeployments(group, deployments));
      }
      if (!deployment.tryBegin(clock.millis())) {
        lostRace.add(deployment); // another request took its last place since pick() looked
        continue;
      }
      long start = clock.nanos();
      Target target = null;
      T value;
      try {
        target = target(deployment, group);
        value = attempt.call(target);
      } catch (UpstreamException failure) {
        deployment.end();
        long latency = clock.nanos() - start;
        context.addUpstreamNanos(latency);
        recordFailure(target, failure, context, latency);
        if (settings.preCallChecks() && context.usesTools() && ToolRefusals.isOne(failure)) {
          // Another deployment of the group may take the tools: try it, without spending a retry.
          // Never again in this request, and for other tool requests for the cooldown (5 s at least).
          refusedTools.add(deployment);
          deployment.refusedTools(clock.nanos(), Math.max(cooldownFor(deployment), MIN_TOOL_SKIP_NANOS));
          last = new UpstreamException(FailureKind.NOT_SUPPORTED, 400, "model '" + group + "': " + deployment.model()
              + " does not support tools: " + failure.getMessage());
          continue;
        }
        failedHere.add(deployment);
        last = failure;
        Optional<Duration> wait = nextTry(group, deployments, failedHere, failure, retry, context);
        if (wait.isEmpty()) {
          throw failure;
        }
        retry++;
        context.countRetry();
        sleep(wait.get(), context);
        lostRace.clear();
        continue;
      } catch (RuntimeException | Error bug) {
        deployment.end();
        throw bug;
      }
      context.addUpstreamNanos(clock.nanos() - start);
      // Still in flight: the caller closes the Routed when the call is really over.
      return new Routed<>(value, target, start);
    }
  }

  /** How long to wait before the next try in this group, or empty to stop trying it. */
  private Optional<Duration> nextTry(String group, List<Deployment> deployments, Set<Deployment> failedHere,
      UpstreamException failure, int retriesSoFar, CallContext context) {
    if (retriesSoFar >= settings.numRetries()) {
      return Optional.empty();
    }
    boolean anotherHealthy = hasAvailable(deployments, failedHere);
    FailureKind kind = failure.kind();
    if (kind == FailureKind.DEPLOYMENT_REJECTED) {
      // The same deployment would fail the same way; another one of the group might not.
      return anotherHealthy ? Optional.of(Duration.ZERO) : Optional.empty();
    }
    if (!kind.retryable()) {
      return Optional.empty();
    }
    if (anotherHealthy) {
      return Optional.of(Duration.ZERO);
    }
    if (kind == FailureKind.RATE_LIMITED && hasUsableFallback(group, kind, context)) {
      // LiteLLM's rule: a rate-limited group with nowhere else to go waits; one with fallbacks moves on.
      return Optional.empty();
    }
    Duration wait = backoff(failure, retriesSoFar);
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? Optional.empty() : Optional.of(wait);
  }

  /** Retry-After when the upstream sent one, else 0.5 s doubling up to 8 s, never below retry_after. */
  private Duration backoff(UpstreamException failure, int retriesSoFar) {
    Duration base = failure.retryAfter().orElseGet(() -> {
      Duration exponential = INITIAL_BACKOFF.multipliedBy(1L << Math.min(retriesSoFar, 10));
      if (exponential.compareTo(settings.retryAfter()) < 0) {
        exponential = settings.retryAfter();
      }
      return exponential.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : exponential;
    });
    // Up to a quarter more, so that clients that failed together do not retry together.
    long jitter = (long) (base.toNanos() * 0.25 * ThreadLocalRandom.current().nextDouble());
    return base.plusNanos(jitter);
  }

  private <T> Routed<T> fallBack(String group, CallContext context, Attempt<T> attempt, UpstreamException failure)
      throws UpstreamException {
    context.groupFailed(group, failure.getMessage());
    List<String> targets = fallbacksFor(group, failure.kind());
    if (targets.isEmpty()) {
      throw failure.withMessage(failure.getMessage() + hintFor(failure.kind()));
    }
    for (String target : targets) {
      if (context.visited(target)) {
        continue;
      }
      if (context.fallbacks() >= settings.maxFallbacks()) {
        break;
      }
      context.countFallback();
      try {
        Routed<T> routed = route(target, context, attempt);
        // In a chain free → free2 → cheap where cheap served, free2 itself failed.
        listener.fallback(context.requestedGroup(), target, failure, routed.group().equals(target), context);
        return routed;
      } catch (UpstreamException fallbackFailure) {
        listener.fallback(context.requestedGroup(), target, failure, false, context);
      }
    }
    if (!group.equals(context.requestedGroup())) {
      throw failure; // the requested group's level tells the whole story once
    }
    // Like LiteLLM, the client gets the requested group's failure, with what each fallback said.
    StringJoiner summary = new StringJoiner("; ", failure.getMessage() + ". Fallbacks tried: ", "");
    summary.setEmptyValue(failure.getMessage());
    context.groupFailures().forEach((tried, message) -> {
      if (!tried.equals(group)) {
        summary.add(tried + " → " + message);
      }
    });
    throw failure.withMessage(summary.toString());
  }

  /** A fallback this request can still take: configured, not yet tried, within max_fallbacks. */
  private boolean hasUsableFallback(String group, FailureKind kind, CallContext context) {
    return context.fallbacks() < settings.maxFallbacks()
        && fallbacksFor(group, kind).stream().anyMatch(target -> !context.visited(target));
  }

  private List<String> fallbacksFor(String group, FailureKind kind) {
    List<String> targets = switch (kind) {
      case CONTEXT_WINDOW -> settings.contextWindowFallbacks().getOrDefault(group, List.of());
      case CONTENT_POLICY -> settings.contentPolicyFallbacks().getOrDefault(group, List.of());
      default -> kind.fallsBack()
          ? settings.fallbacks().getOrDefault(group, settings.defaultFallbacks())
          : List.of();
    };
    return targets.stream().filter(t -> !t.equals(group)).toList();
  }

  private static String hintFor(FailureKind kind) {
    return switch (kind) {
      case CONTEXT_WINDOW -> " (set router_settings.context_window_fallbacks to retry on a model with a larger window)";
      case CONTENT_POLICY -> " (set router_settings.content_policy_fallbacks to retry on another model)";
      default -> "";
    };
  }

  private long cooldownFor(Deployment deployment) {
    return deployment.config().cooldownTime().orElse(settings.cooldownTime()).toNanos();
  }

  /**
   * When the pre-call checks left no deployment of the group: the error that sends the request on
   * to {@code context_window_fallbacks} (the prompt is too long) or {@code fallbacks} (tools).
   */
  private Optional<UpstreamException> preCallRefusal(String group, List<Deployment> deployments, CallContext context) {
    if (!settings.preCallChecks() || deployments.isEmpty()) {
      return Optional.empty();
    }
    long nanos = clock.nanos();
    StringJoiner why = new StringJoiner("; ", "No deployment of model '" + group + "' can take this request: ", "");
    boolean tooLong = false;
    for (Deployment deployment : deployments) {
      Optional<String> reason = deployment.cannotServe(context, nanos);
      if (reason.isEmpty()) {
        return Optional.empty(); // it was unavailable for another reason (cooldown, limits)
      }
      tooLong |= reason.get().startsWith("its context window");
      why.add(deployment.model() + ": " + reason.get());
    }
    return Optional.of(new UpstreamException(tooLong ? FailureKind.CONTEXT_WINDOW : FailureKind.NOT_SUPPORTED, 400,
        why.toString()));
  }

  private Deployment pick(List<Deployment> deployments, Set<Deployment> failedHere, Set<Deployment> lostRace,
      Set<Deployment> refusedTools, CallContext context) {
    long nanos = clock.nanos();
    long millis = clock.millis();
    List<Deployment> fresh = new ArrayList<>(deployments.size());
    List<Deployment> retried = new ArrayList<>(deployments.size());
    for (Deployment deployment : deployments) {
      if (refusedTools.contains(deployment)
          || settings.preCallChecks() && deployment.cannotServe(context, nanos).isPresent()) {
        continue;
      }
      if (!lostRace.contains(deployment) && deployment.mayBePicked(nanos, millis)) {
        (failedHere.contains(deployment) ? retried : fresh).add(deployment);
      }
    }
    if (!fresh.isEmpty()) {
      return strategy.choose(fresh);
    }
    return retried.isEmpty() ? null : strategy.choose(retried);
  }

  private boolean hasAvailable(List<Deployment> deployments, Set<Deployment> except) {
    long nanos = clock.nanos();
    long millis = clock.millis();
    for (Deployment deployment : deployments) {
      if (!except.contains(deployment) && deployment.unavailableBecause(nanos, millis).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private UpstreamException noDeployments(String group, List<Deployment> deployments) {
    if (deployments.isEmpty()) {
      return new UpstreamException(FailureKind.NO_DEPLOYMENTS, 429, "No deployments available for model '" + group
          + "': none of its model_list entries can be served (the gateway's start-up warnings, or "
          + "lantern gateway --check, say why)");
    }
    long nanos = clock.nanos();
    long millis = clock.millis();
    StringJoiner why = new StringJoiner("; ", "No deployments available for model '" + group + "': ", "");
    for (Deployment deployment : deployments) {
      why.add(deployment.model() + " is " + deployment.unavailableBecause(nanos, millis).orElse("busy"));
    }
    return new UpstreamException(FailureKind.NO_DEPLOYMENTS, 429, why.toString());
  }

  private void recordFailure(Target target, UpstreamException failure, CallContext context, long latencyNanos) {
    Deployment deployment = target.deployment();
    boolean several = groups.getOrDefault(deployment.modelName(), List.of()).size() > 1;
    // Through a wildcard the client names the model: a model the upstream does not know (404) is
    // the request's mistake and must not take the route down for every name. So is a provider the
    // catch-all has no key for: the others it reaches still work.
    boolean clientsModel = target.fromWildcard() && failure.kind() == FailureKind.DEPLOYMENT_REJECTED
        && (failure.status() == 404 || deployment.config().passesThrough());
    boolean cooled = !clientsModel && deployment.failed(clock.nanos(), failure, several, settings.allowedFails(),
        settings.cooldownTime().toNanos());
    listener.attemptFailed(target, failure, context, latencyNanos);
    if (cooled) {
      listener.cooledDown(deployment, failure);
    }
  }

  private void sleep(Duration wait, CallContext context) throws UpstreamException {
    if (wait.isZero()) {
      return;
    }
    long start = clock.nanos();
    try {
      clock.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(FailureKind.CONNECTION, 499, "the request was interrupted while waiting to retry");
    } finally {
      context.addBackoff(clock.nanos() - start);
    }
  }

  /** Time as the router sees it; tests can substitute one that does not really sleep. */
  public interface Clock {
    Clock SYSTEM = new Clock() {};

    default long nanos() {
      return System.nanoTime();
    }

    default long millis() {
      return System.currentTimeMillis();
    }

    default void sleep(Duration duration) throws InterruptedException {
      Thread.sleep(duration);
    }
  }
}
