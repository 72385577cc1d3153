package dev.lantern.sre;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.mcp.McpServerConfig;
import dev.lantern.agent.mcp.McpServers;
import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.common.json.Json;
import dev.lantern.sre.logs.PodLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch_pod_logs} through a real kube-mcp over the mock cluster: the kubelet's timestamped
 * log is cut to a time range, filtered in and out, folded and summarised.
 */
class PodLogsTest {
  static final Instant NOW = Instant.parse("2026-12-03T08:20:00Z");
  /** 30 health checks, a timeout and its 500s, then a restart; as the kubelet sends it with timestamps=true. */
  static final String LOG = "2026-12-03T08:00:00.123456789Z listening on :8080\n"
      + IntStream.range(0, 30).mapToObj(i -> "2026-12-03T08:00:%02d.000000001Z GET /healthz 200 %dms\n".formatted(i + 1, i % 4))
          .collect(Collectors.joining())
      + "2026-12-03T08:05:00.000000000Z ERROR payment upstream timeout after 3000ms\n"
      + "2026-12-03T08:05:01.000000000Z GET /checkout 500 3001ms\n"
      + "2026-12-03T08:05:02.000000000Z GET /checkout 500 3004ms\n"
      + "2026-12-03T08:10:00.000000000Z shutting down on SIGTERM\n";

  @TempDir
  static Path home;
  static SreHarness sre;
  static McpServers kube;
  static Tool fetch;

  @BeforeAll
  static void start() throws Exception {
    sre = SreHarness.start(home);
    String base = "/api/v1/namespaces/demo/pods/web/log?container=app";
    sre.cluster.server().expect().get().withPath(base + "&timestamps=true&tailLines=2000").andReturn(200, LOG).always();
    sre.cluster.server().expect().get()
        .withPath(base + "&sinceTime=2026-12-03T08%3A04%3A00Z&timestamps=true&tailLines=2000").andReturn(200, LOG).always();
    kube = McpServers.start(List.of(McpServerConfig.http("kubernetes", sre.kubeMcp.uri() + "/mcp")))
        .awaitFirstAttempts(Duration.ofSeconds(20));
    fetch = new PodLogs(kube, "mcp_kubernetes_pods_log", () -> NOW).tool();
  }

  @AfterAll
  static void stop() {
    kube.close();
    sre.close();
  }

  @Test
  void repeatedLinesFoldIntoOneWithTheirCountAndLastTime() throws Exception {
    String text = call("{\"pod_name\": \"web\", \"namespace\": \"demo\"}").text();

    assertThat(text).contains("pod demo/web: 35 lines read (kept lines from 2026-12-03T08:00:00Z to 2026-12-03T08:10:00Z)")
        .contains("error-like: 1").contains("All shown, repeated lines folded")
        .contains("2026-12-03T08:00:01Z GET /healthz 200 0ms  [and 29 more like it, until 2026-12-03T08:00:30Z]")
        .contains("2026-12-03T08:05:01Z GET /checkout 500 3001ms  [and 1 more like it");
    assertThat(text.lines().filter(line -> line.contains("/healthz"))).hasSize(1);
  }

  @Test
  void aTimeRangeAsksTheKubeletForItsStartAndCutsItsEnd() throws Exception {
    String text = call("""
        {"pod_name": "web", "namespace": "demo", "start_time": "now-16m", "end_time": "2026-12-03T08:06:00Z"}""").text();

    assertThat(sre.cluster.requests()).anyMatch(request -> request.getPath().contains("sinceTime=2026-12-03T08%3A04%3A00Z"));
    assertThat(text).contains("ERROR payment upstream timeout").doesNotContain("listening").doesNotContain("SIGTERM")
        .contains("3 in range");
  }

  @Test
  void filtersKeepAndDropLinesByTextOrRegex() throws Exception {
    String onlyErrors = call("{\"pod_name\": \"web\", \"namespace\": \"demo\", \"filter\": \"error|timeout\"}").text();
    String noHealth = call("{\"pod_name\": \"web\", \"namespace\": \"demo\", \"exclude_filter\": \"GET /healthz\"}").text();
    String literal = call("{\"pod_name\": \"web\", \"namespace\": \"demo\", \"filter\": \"500 3(\"}").text();

    assertThat(onlyErrors).contains("1 match 'error|timeout'").contains("ERROR payment").doesNotContain("/checkout");
    assertThat(noHealth).contains("listening on :8080").doesNotContain("/healthz").contains("SIGTERM");
    assertThat(literal).startsWith("No lines of pod demo/web match '500 3('");
  }

  @Test
  void aLimitKeepsTheLastLinesAndStillNamesTheEarlierErrors() throws Exception {
    String text = call("{\"pod_name\": \"web\", \"namespace\": \"demo\", \"limit\": 1}").text();

    assertThat(text).contains("Showing the last 1 of 5").contains("Earlier error lines, not shown below:")
        .contains("  2026-12-03T08:05:00Z ERROR payment upstream timeout");
    assertThat(text.substring(text.indexOf("---"))).contains("SIGTERM").doesNotContain("listening");
  }

  @Test
  void badArgumentsAndMissingPodsSayWhatToFix() throws Exception {
    assertThat(error("{\"pod_name\": \"web\", \"namespace\": \"demo\", \"start_time\": \"now\", \"end_time\": \"now-1h\"}"))
        .contains("'start_time' 2026-12-03T08:20:00Z is after 'end_time'");
    assertThat(error("{\"pod_name\": \"web\", \"namespace\": \"demo\", \"previous\": \"yes\"}"))
        .contains("'previous' must be true or false");
    assertThat(error("{\"pod_name\": \"web\", \"namespace\": \"demo\", \"start_time\": \"yesterday\"}"))
        .contains("'start_time' must be RFC 3339");
    assertThat(error("{\"pod_name\": \"web\", \"namespace\": \"demo\", \"limit\": 0}")).contains("'limit'");
    ToolResult missing = call("{\"pod_name\": \"nope\", \"namespace\": \"demo\"}");
    assertThat(missing.error()).isTrue();
    assertThat(missing.text()).contains("nope");
  }

  @Test
  void withoutKubeMcpTheToolSaysLogsCannotBeReadNow() {
    Tool offline = new PodLogs(List::of, "mcp_kubernetes_pods_log", () -> NOW).tool();

    Assertions.assertThatThrownBy(() -> offline.call(args("{\"pod_name\": \"web\", \"namespace\": \"demo\"}")))
        .isInstanceOf(ToolException.class).hasMessageContaining("kube-mcp is not connected");
  }

  private static ToolResult call(String json) throws Exception {
    return fetch.call(args(json));
  }

  private static String error(String json) {
    return Assertions.catchThrowableOfType(ToolException.class, () -> call(json)).getMessage();
  }

  private static ToolArgs args(String json) {
    return new ToolArgs(Json.MAPPER.readTree(json));
  }
}
