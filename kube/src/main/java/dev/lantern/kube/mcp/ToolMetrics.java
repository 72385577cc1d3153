package dev.lantern.kube.mcp;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Tool calls, errors and latency per tool, under Lantern's own metric prefix. */
final class ToolMetrics {
  private final Counter calls;
  private final Counter errors;
  private final Histogram duration;

  ToolMetrics(PrometheusRegistry registry) {
    calls = Counter.builder().name("lantern_kube_tool_calls").help("MCP tool calls, by tool and outcome (ok or error)")
        .labelNames("tool", "outcome").register(registry);
    errors = Counter.builder().name("lantern_kube_tool_errors").help("MCP tool calls that ended in an error, by tool")
        .labelNames("tool").register(registry);
    duration = Histogram.builder().name("lantern_kube_tool_duration_seconds").help("MCP tool call latency, by tool")
        .labelNames("tool")
        .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
        .classicOnly()
        .register(registry);
  }

  void called(String tool, boolean ok, long nanos) {
    calls.labelValues(tool, ok ? "ok" : "error").inc();
    if (!ok) {
      errors.labelValues(tool).inc();
    }
    duration.labelValues(tool).observe(nanos / 1e9);
  }
}
