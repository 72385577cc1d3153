package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.kube.cluster.ReadOnlyViolation;
import dev.lantern.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubeconfig with several contexts (home and edge clusters, each a mock API server): the tools
 * that read the cluster take {@code context}, as in kubernetes-mcp-server's multi-cluster mode.
 */
class ContextsTest {
  static MockCluster home;
  static MockCluster edge;
  static KubeMcpHarness harness;

  @BeforeAll
  static void start(@TempDir Path directory) throws Exception {
    home = MockCluster.seeded();
    edge = MockCluster.start();
    edge.admin().resource(new NamespaceBuilder().withNewMetadata().withName("edge-only").endMetadata().build()).create();
    edge.clearRequests();
    Path kubeconfig = Files.writeString(directory.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        current-context: home
        clusters:
          - name: home
            cluster: {server: %s, insecure-skip-tls-verify: true}
          - name: edge
            cluster: {server: %s, insecure-skip-tls-verify: true}
          - name: broken
            cluster: {}
        contexts:
          - name: home
            context: {cluster: home, user: home-user, namespace: default}
          - name: edge
            context: {cluster: edge, user: edge-user, namespace: default}
          - name: broken
            context: {cluster: broken, user: nobody}
        users:
          - name: home-user
            user: {token: %s}
          - name: edge-user
            user: {token: edge-TOKEN-SECRET}
        """.formatted(home.url(), edge.url(), MockCluster.TOKEN));
    harness = KubeMcpHarness.overKubeconfig(home, kubeconfig);
  }

  @AfterAll
  static void stop() {
    harness.close();
    edge.close();
  }

  @Test
  void contextsListNamesEveryContextAndItsServerWithoutCredentials() {
    String text = harness.text("configuration_contexts_list", Map.of());

    assertThat(text).contains("3 total, default: home").contains("* home -> " + home.url())
        .contains("  edge -> " + edge.url()).contains("broken -> (no server)");
    assertThat(text).doesNotContain(MockCluster.TOKEN).doesNotContain("edge-TOKEN-SECRET");
  }

  @Test
  void toolsThatReadTheClusterOfferTheContextsAndConfigToolsDoNot() {
    Tool pods = tool("pods_list");
    Map<?, ?> context = (Map<?, ?>) properties(pods).get("context");

    assertThat(context.get("enum")).asList().containsExactly("home", "edge", "broken");
    assertThat(String.valueOf(context.get("description"))).contains("Defaults to home");
    assertThat(properties(tool("cluster_diagnose"))).containsKey("context");
    assertThat(properties(tool("configuration_view"))).doesNotContainKey("context");
  }

  @Test
  void aCallWithAContextReadsThatClusterAndOnlyThatOne() {
    String onEdge = harness.text("namespaces_list", Map.of("context", "edge"));
    String onHome = harness.text("namespaces_list", Map.of());

    assertThat(onEdge).contains("edge-only").doesNotContain("demo");
    assertThat(onHome).contains("demo").doesNotContain("edge-only");
    assertThat(edge.requests()).isNotEmpty()
        .allMatch(request -> !request.getPath().contains("/namespaces/demo"));
  }

  @Test
  void anUnknownOrUnusableContextIsAToolErrorThatSaysWhatExists() {
    assertThat(harness.error("pods_list", Map.of("context", "prod")))
        .contains("/context").contains("[\"home\", \"edge\", \"broken\"]");
    assertThat(harness.error("pods_list", Map.of("context", "broken"))).contains("broken");
  }

  @Test
  void anotherContextsClientIsReadOnlyToo() {
    var client = harness.cluster.inContext("edge").client();
    var namespace = new NamespaceBuilder().withNewMetadata().withName("created").endMetadata().build();
    edge.clearRequests();

    assertThatThrownBy(() -> client.resource(namespace).create()).isInstanceOf(ReadOnlyViolation.class);
    assertThat(edge.requests()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Tool tool) {
    return (Map<String, Object>) tool.inputSchema().get("properties");
  }

  private static Tool tool(String name) {
    return harness.client().listTools().tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }
}
