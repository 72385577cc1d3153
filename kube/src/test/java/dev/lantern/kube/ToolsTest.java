package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every tool over MCP against the seeded mock cluster: what a model reads. */
class ToolsTest {
  private static KubeMcpHarness harness;

  @BeforeAll
  static void start() {
    harness = KubeMcpHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void namespacesListIsATable() {
    String text = harness.text("namespaces_list", Map.of());

    assertThat(text).startsWith("NAME").contains("STATUS", "AGE", "demo", "kube-system", "Active");
  }

  @Test
  void podsListShowsEveryNamespaceAndTheStatesAModelLooksFor() {
    String text = harness.text("pods_list", Map.of());

    assertThat(text.lines().findFirst().orElseThrow()).contains("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS");
    assertThat(text).contains("coredns", "CrashLoopBackOff", "Pending", "7 (2m ago)", "2/2");
    assertThat(text.lines().filter(l -> l.contains("crashy")).findFirst().orElseThrow()).contains("0/1", "node-1");
  }

  @Test
  void podsListInNamespaceFiltersByLabel() {
    String text = harness.text("pods_list_in_namespace", Map.of("namespace", "demo", "labelSelector", "app=crashy"));

    assertThat(text).contains("crashy").doesNotContain("web").doesNotContain("NAMESPACE");
  }

  @Test
  void podsGetIsYamlWithoutManagedFields() {
    String text = harness.text("pods_get", Map.of("namespace", "demo", "name", "crashy"));

    assertThat(text).contains("name: crashy", "CrashLoopBackOff").doesNotContain("managedFields");
  }

  @Test
  void podsGetDefaultsToTheKubeconfigNamespace() {
    assertThat(harness.error("pods_get", Map.of("name", "web"))).contains("not found in namespace 'default'");
  }

  @Test
  void podsLogReadsTheTailOfTheOnlyContainer() {
    assertThat(harness.text("pods_log", Map.of("namespace", "demo", "name", "web"))).contains("GET /healthz 200");
  }

  @Test
  void podsLogReadsThePreviousContainer() {
    String text = harness.text("pods_log", Map.of("namespace", "demo", "name", "crashy", "previous", true, "tail", 20));

    assertThat(text).contains("panic: cannot connect to database");
  }

  @Test
  void podsLogAsksWhichContainerWhenThereAreSeveral() {
    assertThat(harness.error("pods_log", Map.of("namespace", "demo", "name", "two-containers")))
        .contains("several containers", "app, sidecar");
  }

  @Test
  void eventsListIsNewestFirst() {
    String text = harness.text("events_list", Map.of("namespace", "demo"));

    assertThat(text).contains("pod/crashy", "BackOff", "FailedScheduling");
    assertThat(text.indexOf("BackOff")).isLessThan(text.indexOf("Scheduled   "));
  }

  @Test
  void resourcesListReadsAnyKindIncludingCustomResources() {
    assertThat(harness.text("resources_list", Map.of("apiVersion", "example.com/v1", "kind", "Widget")))
        .contains("demo", "gizmo");
    assertThat(harness.text("resources_list", Map.of("apiVersion", "v1", "kind", "Node"))).contains("node-1", "node-2");
  }

  @Test
  void resourcesGetReadsACustomResource() {
    String text = harness.text("resources_get",
        Map.of("apiVersion", "example.com/v1", "kind", "Widget", "namespace", "demo", "name", "gizmo"));

    assertThat(text).contains("kind: Widget", "size: large");
  }

  @Test
  void podsTopSumsContainersPerPod() {
    String text = harness.text("pods_top", Map.of());

    assertThat(text).contains("web", "250m", "128Mi", "coredns").contains("TOTAL 255m CPU, 148Mi memory");
  }

  @Test
  void nodesTopShowsUseAgainstAllocatable() {
    String text = harness.text("nodes_top", Map.of());

    assertThat(text).contains("node-1", "1500m", "38%", "2048Mi", "25%");
  }

  @Test
  void nodesStatsSummaryIsTheKubeletsJsonCompacted() {
    String text = harness.text("nodes_stats_summary", Map.of("name", "node-1"));

    assertThat(text).isEqualTo("{\"node\":{\"nodeName\":\"node-1\",\"cpu\":{\"usageNanoCores\":1500000000}},\"pods\":[]}");
  }

  @Test
  void podsLogPassesSinceTimeAndTimestampsToTheKubeletAndRefusesABadTime() {
    harness.mock.server().expect().get()
        .withPath("/api/v1/namespaces/demo/pods/web/log?container=app&sinceTime=2026-12-03T08%3A00%3A00Z&timestamps=true&tailLines=5")
        .andReturn(200, "2026-12-03T08:00:01.5Z listening on :8080\n").always();

    String text = harness.text("pods_log", Map.of("namespace", "demo", "name", "web", "tail", 5,
        "sinceTime", "2026-12-03T08:00:00.750Z", "timestamps", true));

    assertThat(text).isEqualTo("2026-12-03T08:00:01.5Z listening on :8080\n");
    assertThat(harness.error("pods_log", Map.of("namespace", "demo", "name", "web", "sinceTime", "an hour ago")))
        .contains("'sinceTime' must be an RFC 3339 time");
  }

  @Test
  void nodesLogReadsTheKubeletsLogQueryWithATail() {
    String text = harness.text("nodes_log", Map.of("name", "node-1", "query", "kubelet"));

    assertThat(text).contains("Started kubelet").contains("memory pressure on node-1");
    assertThat(harness.mock.requests()).anyMatch(r -> r.getPath().equals("/api/v1/nodes/node-1/proxy/logs/?query=kubelet&tailLines=100"));
  }

  @Test
  void nodesLogSaysHowToEnableLogQueriesWhenTheKubeletHasNone() {
    // Without the feature gate the kubelet ignores the query and lists /var/log (or answers 404).
    harness.mock.server().expect().get().withPath("/api/v1/nodes/node-1/proxy/logs/?query=k3s&tailLines=20")
        .andReturn(200, "<pre>\n<a href=\"containers/\">containers/</a>\n<a href=\"syslog\">syslog</a>\n</pre>\n").always();
    harness.mock.server().expect().get().withPath("/api/v1/nodes/node-1/proxy/logs/?query=k3s-agent&tailLines=100")
        .andReturn(404, "404 page not found\n").always();

    String listing = harness.error("nodes_log", Map.of("name", "node-1", "query", "k3s", "tailLines", 20));
    String notFound = harness.error("nodes_log", Map.of("name", "node-1", "query", "k3s-agent"));

    assertThat(listing).contains("no log 'k3s'").contains("NodeLogQuery").contains("enable-system-log-query")
        .doesNotContain("<pre>");
    assertThat(notFound).contains("no log 'k3s-agent'").contains("NodeLogQuery");
    assertThat(harness.error("nodes_log", Map.of("name", "node-1", "query", "kubelet", "tailLines", 0)))
        .contains("'tailLines' must be between 1 and 10000");
  }

  @Test
  void nodesLogRefusesQueriesThatAreNeitherAServiceNorALogFile() {
    assertThat(harness.error("nodes_log", Map.of("name", "node-1", "query", "/var/log/../../etc/shadow")))
        .contains("'query' must be a service name");
    assertThat(harness.error("nodes_log", Map.of("name", "node-1", "query", "kubelet&tailLines=1")))
        .contains("'query' must be a service name");
    assertThat(harness.error("nodes_log", Map.of("name", "node-9", "query", "kubelet"))).contains("node 'node-9' not found");
  }

  @Test
  void configurationViewIsMinifiedAndRedacted() {
    String minified = harness.text("configuration_view", Map.of());
    String full = harness.text("configuration_view", Map.of("minified", false));

    assertThat(minified).contains("current-context: mock").doesNotContain("other.example");
    assertThat(minified).contains("token: REDACTED");
    assertThat(full).contains("other.example").contains("client-key-data: REDACTED")
        .doesNotContain("S0VZLURBVEE=").doesNotContain("other-password-SECRET").doesNotContain("Q0EtREFUQQ==");
  }

  @Test
  void helmListShowsReleaseMetadataOnly() {
    String text = harness.text("helm_list", Map.of());

    assertThat(text).contains("shop", "demo", "deployed", "shop-1.4.2", "3.1.0");
  }

  @Test
  void listResultsAlsoCarryStructuredContent() {
    var result = harness.call("namespaces_list", Map.of());

    assertThat(result.structuredContent()).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) result.structuredContent()).get("total")).isEqualTo(3);
  }
}
