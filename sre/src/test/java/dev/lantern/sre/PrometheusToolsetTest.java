package dev.lantern.sre;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.common.json.Json;
import dev.lantern.sre.prometheus.PrometheusToolset;
import dev.lantern.testkit.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus tools against a real Prometheus holding a week of history, backfilled with
 * promtool as a user would: memory of two pods every 5 minutes (one of them climbing), and a rule
 * that fires.
 */
class PrometheusToolsetTest {
  @TempDir
  static Path dir;
  static PrometheusServer prometheus;
  static Map<String, Tool> tools;
  static final Instant END = Instant.now().minusSeconds(600);
  static final int POINTS = 7 * 24 * 12;

  @BeforeAll
  static void start() throws Exception {
    StringBuilder history = new StringBuilder("# TYPE container_memory_working_set_bytes gauge\n");
    for (int i = 0; i < POINTS; i++) {
      long at = END.getEpochSecond() - (long) (POINTS - 1 - i) * 300;
      // checkout climbs from 100 MiB to ~400 MiB over the week; web stays flat at 50 MiB.
      history.append("container_memory_working_set_bytes{namespace=\"shop\",pod=\"checkout-1\"} ")
          .append(100L * 1024 * 1024 + (long) i * 150_000).append(' ').append(at).append('\n');
      history.append("container_memory_working_set_bytes{namespace=\"shop\",pod=\"web-1\"} ")
          .append(50L * 1024 * 1024).append(' ').append(at).append('\n');
    }
    history.append("# EOF\n");
    prometheus = PrometheusServer.withHistory(history.toString(), """
        groups:
          - name: lantern-test
            rules:
              - alert: AlwaysFiring
                expr: vector(1)
                labels: {severity: warning}
                annotations: {summary: "Fires for the test"}
        """, dir);
    tools = new PrometheusToolset(prometheus.uri().toString(), Duration.ofSeconds(10), Instant::now).tools().stream()
        .collect(Collectors.toMap(Tool::name, t -> t));
  }

  @AfterAll
  static void stop() throws Exception {
    prometheus.close();
  }

  /** As the agent runs a tool: a ToolException is an error result the model reads. */
  private static ToolResult call(String tool, String json) throws Exception {
    try {
      return tools.get(tool).call(new ToolArgs(Json.MAPPER.readTree(json)));
    } catch (dev.lantern.agent.tool.ToolException e) {
      return ToolResult.error(e.getMessage());
    }
  }

  @Test
  void aWeekOfDataIsSummarisedPerSeriesInAFewLines() throws Exception {
    ToolResult result = call("execute_prometheus_range_query", """
        {"query": "container_memory_working_set_bytes{namespace=\\"shop\\"}", "start": "now-7d", "end": "now"}""");

    assertThat(result.error()).as(result.text()).isFalse();
    String text = result.text();
    assertThat(text).startsWith("2 series");
    assertThat(text.indexOf("checkout-1")).as("the largest series first").isLessThan(text.indexOf("web-1"));
    assertThat(text).contains("rising").contains("flat").contains("24 averages in time order");
    assertThat(text.length()).as("a week of two series fits a small context").isLessThan(1500);
  }

  @Test
  void anInstantQueryListsTheLargestSeriesFirst() throws Exception {
    String at = String.valueOf(END.getEpochSecond());
    ToolResult result = call("execute_prometheus_instant_query",
        "{\"query\": \"container_memory_working_set_bytes\", \"time\": \"" + at + "\"}");

    assertThat(result.text()).startsWith("2 series, largest first:").contains("pod=\"checkout-1\"");
    assertThat(result.text().lines().skip(1).findFirst().orElse("")).contains("checkout-1");
  }

  @Test
  void metricNamesLabelValuesRulesAndAlertsAreListed() throws Exception {
    assertThat(call("list_available_metrics", "{\"name_filter\": \"memory\"}").text())
        .contains("container_memory_working_set_bytes");
    assertThat(call("get_label_values", "{\"label\": \"pod\"}").text()).contains("checkout-1", "web-1");
    assertThat(call("list_prometheus_rules", "{}").text()).contains("alerting lantern-test/AlwaysFiring")
        .contains("vector(1)");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
        call("list_firing_alerts", "{}").text().contains("AlwaysFiring"));
    assertThat(call("list_firing_alerts", "{}").text()).contains("severity=\"warning\"", "Fires for the test");
  }

  @Test
  void aBadQueryGetsPrometheusOwnMessage() throws Exception {
    ToolResult result = call("execute_prometheus_instant_query", "{\"query\": \"sum(rate(\"}");

    assertThat(result.error()).isTrue();
    assertThat(result.text()).contains("Prometheus refused the request (bad_data)").contains("parse error");
  }

  @Test
  void badTimesAndLabelsAreRefusedBeforeAnyRequest() throws Exception {
    for (String[] call : List.of(
        new String[] {"execute_prometheus_range_query", "{\"query\": \"up\", \"start\": \"yesterday-ish\"}"},
        new String[] {"execute_prometheus_range_query", "{\"query\": \"up\", \"start\": \"now\", \"end\": \"now-1h\"}"},
        new String[] {"execute_prometheus_range_query", "{\"query\": \"up\", \"step\": \"fast\"}"},
        new String[] {"get_label_values", "{\"label\": \"../../admin\"}"},
        new String[] {"execute_prometheus_instant_query", "{\"query\": 42}"})) {
      ToolResult result = call(call[0], call[1]);
      assertThat(result.error()).as(call[1]).isTrue();
      assertThat(result.text()).as(call[1]).containsAnyOf("must", "'query'");
    }
  }

  @Test
  void aPrometheusThatIsDownIsSaidPlainly() throws Exception {
    Tool query = new PrometheusToolset("http://127.0.0.1:9", Duration.ofSeconds(2), Instant::now).tools().get(0);
    try {
      query.call(new ToolArgs(Json.MAPPER.readTree("{\"query\": \"up\"}")));
      throw new AssertionError("expected a failure");
    } catch (dev.lantern.agent.tool.ToolException e) {
      assertThat(e.getMessage()).isEqualTo("Prometheus at http://127.0.0.1:9 is not reachable (ConnectException); "
          + "metrics cannot be checked");
    }
  }
}
