package dev.lantern.sre;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the SRE service exports under the lantern_sre_ prefix. */
public final class SreMetrics {
  private final Counter investigations;
  private final Counter toolCalls;
  private final Histogram duration;
  private final Gauge findings;
  private final Counter alerts;
  private final Set<String> seenKinds = new HashSet<>();

  public SreMetrics(PrometheusRegistry registry) {
    investigations = Counter.builder().name("lantern_sre_investigations")
        .help("Investigations, by source (chat, alert, cli) and outcome (answered, failed)")
        .labelNames("source", "outcome").register(registry);
    toolCalls = Counter.builder().name("lantern_sre_tool_calls")
        .help("Tool calls made by investigations, by tool and outcome (ok, error)")
        .labelNames("tool", "outcome").register(registry);
    duration = Histogram.builder().name("lantern_sre_investigation_duration_seconds")
        .help("How long an investigation took, model calls and tools together")
        .classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600).labelNames("source").register(registry);
    findings = Gauge.builder().name("lantern_sre_findings")
        .help("Problems the analyzers found on their last run, by kind (folded ones included)")
        .labelNames("kind").register(registry);
    alerts = Counter.builder().name("lantern_sre_alerts_received")
        .help("Alert groups received on /api/alerts, by what became of them (investigated, duplicate, resolved, refused)")
        .labelNames("outcome").register(registry);
  }

  public void investigation(String source, boolean answered, Duration took) {
    investigations.labelValues(source, answered ? "answered" : "failed").inc();
    duration.labelValues(source).observe(took.toMillis() / 1000.0);
  }

  public void toolCall(String tool, boolean failed) {
    toolCalls.labelValues(tool, failed ? "error" : "ok").inc();
  }

  /** The last analyzer run's counts; kinds no longer found drop to zero rather than vanish. */
  public synchronized void findings(Map<String, Integer> byKind) {
    seenKinds.addAll(byKind.keySet());
    seenKinds.forEach(kind -> findings.labelValues(kind).set(byKind.getOrDefault(kind, 0)));
  }

  public void alert(String outcome) {
    alerts.labelValues(outcome).inc();
  }
}
