package dev.lantern.sre.prometheus;

import static dev.lantern.sre.prometheus.PrometheusClient.params;

import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import dev.lantern.common.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Prometheus over its HTTP API, with HolmesGPT's tool names so prompts written for it still fit:
 * instant and range queries, metric names, label values, rules and firing alerts. Every answer is
 * text sized for a small model; range results are summarised per series (see {@link Series}).
 */
public final class PrometheusToolset {
  /** Series shown per answer; the rest are counted, with advice to aggregate. */
  static final int MAX_SERIES = 10;
  /** Names and values listed per answer. */
  static final int MAX_NAMES = 200;
  /** Points per series Prometheus allows is 11,000; we ask for far fewer. */
  static final int TARGET_POINTS = 240;

  private final PrometheusClient client;
  private final Supplier<Instant> clock;

  public PrometheusToolset(String baseUrl, Duration timeout, Supplier<Instant> clock) {
    this.client = new PrometheusClient(baseUrl, timeout);
    this.clock = clock;
  }

  public List<Tool> tools() {
    return List.of(
        Tools.define("execute_prometheus_instant_query",
            "Run a PromQL instant query against Prometheus and return the current value of each series "
                + "(e.g. up == 0, kube_pod_container_status_restarts_total > 3, sum by (pod) (rate(container_cpu_usage_seconds_total[5m])))",
            Tools.schema("""
                {"type": "object", "required": ["query"], "properties": {
                  "query": {"type": "string", "description": "The PromQL expression"},
                  "time": {"type": "string", "description": "Evaluation time: RFC 3339, Unix seconds or now-1h (default now)"}}}"""),
            true, this::instant),
        Tools.define("execute_prometheus_range_query",
            "Run a PromQL range query and return each series summarised: min, max (and when), average, last value, "
                + "trend and " + Series.BUCKETS + " averages in time order. Use it to see how something changed over hours or days",
            Tools.schema("""
                {"type": "object", "required": ["query"], "properties": {
                  "query": {"type": "string", "description": "The PromQL expression"},
                  "start": {"type": "string", "description": "RFC 3339, Unix seconds or relative like now-6h (default now-1h)"},
                  "end": {"type": "string", "description": "RFC 3339, Unix seconds or now (default now)"},
                  "step": {"type": "string", "description": "Resolution like 30s, 5m or 1h (default: about 240 points)"}}}"""),
            true, this::range),
        Tools.define("list_available_metrics",
            "List the metric names Prometheus has, optionally only those containing a text (e.g. 'memory', 'kube_pod')",
            Tools.schema("""
                {"type": "object", "properties": {
                  "name_filter": {"type": "string", "description": "Only names containing this text"}}}"""),
            true, this::metricNames),
        Tools.define("get_label_values",
            "List the values of one label (e.g. namespace, pod, job), optionally only on series matching a selector",
            Tools.schema("""
                {"type": "object", "required": ["label"], "properties": {
                  "label": {"type": "string", "description": "The label name"},
                  "match": {"type": "string", "description": "A series selector like kube_pod_info{namespace=\\"shop\\"}"}}}"""),
            true, this::labelValues),
        Tools.define("list_prometheus_rules",
            "List Prometheus's alerting and recording rules with their state, expression and health",
            Tools.schema("{\"type\": \"object\", \"properties\": {}}"), true, args -> rules()),
        Tools.define("list_firing_alerts",
            "List the alerts that are firing or pending in Prometheus now, with their labels and when they started",
            Tools.schema("{\"type\": \"object\", \"properties\": {}}"), true, args -> alerts()));
  }

  private ToolResult instant(ToolArgs args) throws ToolException {
    String query = args.required("query");
    Instant at = args.string("time").isPresent() ? TimeArgs.instant(args.required("time"), clock.get(), "time") : null;
    JsonNode data = client.get("query", params("query", query, "time", at == null ? null : seconds(at)));
    List<JsonNode> results = new ArrayList<>();
    data.path("result").forEach(results::add);
    String type = data.path("resultType").asString("");
    if (type.equals("scalar") || type.equals("string")) {
      return ToolResult.ok(type + ": " + data.path("result").get(1).asString(""));
    }
    if (results.isEmpty()) {
      return ToolResult.ok("No series match " + query + " (empty result; check the metric name with list_available_metrics)");
    }
    results.sort(Comparator.comparingDouble((JsonNode r) -> -value(r.path("value").get(1))));
    StringBuilder out = new StringBuilder(results.size() + " series, largest first:\n");
    results.stream().limit(MAX_SERIES * 5L).forEach(r -> out.append(Series.of(withoutValues(r)).name()).append(" = ")
        .append(Series.number(value(r.path("value").get(1)))).append('\n'));
    more(out, results.size(), MAX_SERIES * 5);
    return ToolResult.ok(out.toString());
  }

  private ToolResult range(ToolArgs args) throws ToolException {
    String query = args.required("query");
    Instant now = clock.get();
    Instant end = TimeArgs.instant(args.string("end").orElse("now"), now, "end");
    Instant start = TimeArgs.instant(args.string("start").orElse("now-1h"), now, "start");
    if (!start.isBefore(end)) {
      throw new ToolException("'start' must be before 'end'");
    }
    Duration span = Duration.between(start, end);
    Duration step = args.string("step").isPresent() ? TimeArgs.duration(args.required("step"), "step")
        : Duration.ofSeconds(Math.max(15, span.toSeconds() / TARGET_POINTS));
    if (step.isZero() || span.toSeconds() / Math.max(1, step.toSeconds()) > 11_000) {
      step = Duration.ofSeconds(Math.max(15, span.toSeconds() / TARGET_POINTS));
    }
    JsonNode data = client.get("query_range", params("query", query, "start", seconds(start), "end", seconds(end),
        "step", step.toSeconds() + "s"));
    List<Series> series = new ArrayList<>();
    data.path("result").forEach(result -> series.add(Series.of(result)));
    if (series.isEmpty()) {
      return ToolResult.ok("No series match " + query + " between " + start + " and " + end);
    }
    series.sort(Comparator.comparingDouble(s -> -(Double.isNaN(s.max()) ? Double.NEGATIVE_INFINITY : s.max())));
    StringBuilder out = new StringBuilder(series.size() + " series from " + start + " to " + end + ", step "
        + step.toSeconds() + "s, largest first:\n");
    series.stream().limit(MAX_SERIES).forEach(s -> out.append(s.summary()));
    more(out, series.size(), MAX_SERIES);
    return ToolResult.ok(out.toString());
  }

  private ToolResult metricNames(ToolArgs args) throws ToolException {
    String filter = args.string("name_filter").orElse("");
    JsonNode data = client.get("label/__name__/values", params());
    List<String> names = new ArrayList<>();
    data.forEach(name -> {
      if (name.asString("").contains(filter)) {
        names.add(name.asString(""));
      }
    });
    if (names.isEmpty()) {
      return ToolResult.ok("No metric names" + (filter.isEmpty() ? "" : " contain '" + filter + "'"));
    }
    StringBuilder out = new StringBuilder(names.size() + " metrics:\n");
    names.stream().limit(MAX_NAMES).forEach(name -> out.append(name).append('\n'));
    more(out, names.size(), MAX_NAMES);
    return ToolResult.ok(out.toString());
  }

  private ToolResult labelValues(ToolArgs args) throws ToolException {
    String label = args.required("label");
    if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]{0,200}")) {
      throw new ToolException("'label' must be a Prometheus label name (letters, digits and _), got '"
          + (label.length() > 40 ? label.substring(0, 40) + "…" : label) + "'");
    }
    JsonNode data = client.get("label/" + label + "/values", params("match[]", args.string("match").orElse(null)));
    List<String> values = new ArrayList<>();
    data.forEach(value -> values.add(value.asString("")));
    if (values.isEmpty()) {
      return ToolResult.ok("Label " + label + " has no values" + (args.string("match").isPresent() ? " on those series" : ""));
    }
    StringBuilder out = new StringBuilder(values.size() + " values of " + label + ":\n");
    values.stream().limit(MAX_NAMES).forEach(value -> out.append(value).append('\n'));
    more(out, values.size(), MAX_NAMES);
    return ToolResult.ok(out.toString());
  }

  private ToolResult rules() throws ToolException {
    JsonNode data = client.get("rules", params());
    StringBuilder out = new StringBuilder();
    int count = 0;
    for (JsonNode group : data.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        count++;
        out.append(rule.path("type").asString("")).append(' ').append(group.path("name").asString("")).append('/')
            .append(rule.path("name").asString("")).append(rule.has("state") ? " [" + rule.path("state").asString("") + "]" : "")
            .append(" health=").append(rule.path("health").asString("?")).append(": ")
            .append(rule.path("query").asString("")).append('\n');
      }
    }
    return ToolResult.ok(count == 0 ? "Prometheus has no rules loaded" : count + " rules:\n" + out);
  }

  private ToolResult alerts() throws ToolException {
    JsonNode data = client.get("alerts", params());
    StringBuilder out = new StringBuilder();
    int count = 0;
    for (JsonNode alert : data.path("alerts")) {
      count++;
      Series labels = Series.of(metricOnly(alert.path("labels")));
      out.append(alert.path("state").asString("")).append(' ').append(labels.name()).append(" since ")
          .append(alert.path("activeAt").asString("?")).append(" value ").append(alert.path("value").asString(""));
      String summary = alert.path("annotations").path("summary").asString(alert.path("annotations").path("description")
          .asString(""));
      out.append(summary.isEmpty() ? "" : ": " + summary).append('\n');
    }
    return ToolResult.ok(count == 0 ? "No alerts are firing or pending" : count + " alerts:\n" + out);
  }

  private static JsonNode metricOnly(JsonNode labels) {
    var node = Json.object();
    node.set("metric", labels);
    return node;
  }

  private static JsonNode withoutValues(JsonNode result) {
    return metricOnly(result.path("metric"));
  }

  private static void more(StringBuilder out, int total, int shown) {
    if (total > shown) {
      out.append("… and ").append(total - shown).append(" more not shown; aggregate (sum by (...), topk(5, ...)) or filter by label\n");
    }
  }

  private static double value(JsonNode text) {
    try {
      return Double.parseDouble(text == null ? "NaN" : text.asString("NaN"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String seconds(Instant instant) {
    return String.valueOf(instant.getEpochSecond());
  }
}
