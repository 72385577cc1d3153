package dev.lantern.gateway.routing;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * LiteLLM's {@code GET /health}: a one-token call to every deployment, in parallel, answered as
 * {@code healthy_endpoints} and {@code unhealthy_endpoints} with the reason. The calls go to the
 * providers directly, so they neither count in the metrics nor put a deployment in cooldown. With
 * {@code general_settings.background_health_checks} they run every {@code health_check_interval}
 * and {@code /health} answers the last round at once instead of waiting on slow free models.
 */
public final class HealthChecks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final List<Deployment> deployments;
  private final AtomicReference<ObjectNode> last = new AtomicReference<>();
  private final ScheduledExecutorService background;

  /** @param interval run in the background this often, or null to check on each request */
  public HealthChecks(List<Deployment> deployments, Duration interval) {
    // A wildcard deployment (model: openai/*) names no model to ping; LiteLLM skips it too.
    this.deployments = deployments.stream().filter(d -> d.config().upstreamModel().indexOf('*') < 0).toList();
    if (interval == null) {
      background = null;
      return;
    }
    background = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("health-checks").factory());
    background.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The last background round, or a fresh one when there is none (yet). */
  public ObjectNode report() {
    ObjectNode cached = last.get();
    return background != null && cached != null ? cached : check();
  }

  private void refresh() {
    try {
      last.set(check());
    } catch (RuntimeException e) {
      LOG.warn("background health check failed: {}", e.toString());
    }
  }

  ObjectNode check() {
    List<Future<String>> results = new ArrayList<>();
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Deployment deployment : deployments) {
        results.add(calls.submit(() -> ping(deployment)));
      }
    }
    ObjectNode report = Json.object();
    ArrayNode healthy = report.putArray("healthy_endpoints");
    ArrayNode unhealthy = report.putArray("unhealthy_endpoints");
    for (int i = 0; i < deployments.size(); i++) {
      Deployment deployment = deployments.get(i);
      String error = outcome(results.get(i));
      ObjectNode endpoint = (error == null ? healthy : unhealthy).addObject();
      endpoint.put("model", deployment.model());
      endpoint.put("model_name", deployment.modelName());
      endpoint.put("model_id", deployment.id());
      endpoint.put("api_base", deployment.provider().apiBase());
      if (error != null) {
        endpoint.put("error", error);
      }
    }
    report.put("healthy_count", healthy.size());
    report.put("unhealthy_count", unhealthy.size());
    return report;
  }

  /** Null when the deployment answered; else why not (already free of keys: see UpstreamErrors). */
  private static String ping(Deployment deployment) {
    ObjectNode body = Json.object().put("model", deployment.config().upstreamModel())
        .put("max_tokens", 1);
    body.putArray("messages").addObject().put("role", "user").put("content", "ping");
    try {
      deployment.provider().chat(body, CALL_TIMEOUT);
      return null;
    } catch (UpstreamException e) {
      return e.getMessage();
    }
  }

  private static String outcome(Future<String> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      return "the check failed: " + e.getCause().getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the check was interrupted";
    }
  }

  @Override
  public void close() {
    if (background != null) {
      background.shutdownNow();
    }
  }
}
