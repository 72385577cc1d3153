package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A model's mistakes become tool errors it can read (isError: true), never a transport failure. */
class KubeBadInputTest {
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
  void unknownNamespaceIsNamed() {
    assertThat(harness.error("pods_list_in_namespace", Map.of("namespace", "nope")))
        .contains("namespace 'nope' does not exist", "namespaces_list");
    assertThat(harness.error("events_list", Map.of("namespace", "nope"))).contains("does not exist");
  }

  @Test
  void missingRequiredArgumentsSayWhich() {
    assertThat(harness.error("pods_get", Map.of())).contains("name");
    assertThat(harness.error("resources_list", Map.of("kind", "Pod"))).contains("apiVersion");
  }

  @Test
  void wrongTypesSayWhichParameter() {
    assertThat(harness.error("pods_log", Map.of("name", "web", "namespace", "demo", "tail", "lots"))).contains("tail");
    assertThat(harness.error("configuration_view", Map.of("minified", "yes"))).contains("minified");
  }

  @Test
  void aHugeTailIsRefusedWithTheLimit() {
    assertThat(harness.error("pods_log", Map.of("name", "web", "namespace", "demo", "tail", 10_000_000_000L)))
        .contains("tail", "10000");
  }

  @Test
  void anUnknownKindIsNamed() {
    assertThat(harness.error("resources_list", Map.of("apiVersion", "example.com/v1", "kind", "Gadget")))
        .contains("unknown kind 'Gadget'");
  }

  @Test
  void aNameThatIsNotAKubernetesNameIsRefusedBeforeAnyRequest() {
    assertThat(harness.error("pods_get", Map.of("name", "../../secrets/x", "namespace", "demo")))
        .contains("not a valid Kubernetes name");
  }

  @Test
  void theMetricsApiMissingIsSaidPlainly() {
    try (var bare = KubeMcpHarness.start(dev.lantern.testkit.MockCluster.start(), KubeMcpHarness.ALL_TOOLSETS,
        dev.lantern.kube.output.ListOutput.TABLE, 64_000)) {
      assertThat(bare.error("pods_top", Map.of())).startsWith("metrics API is not available: install metrics-server");
      assertThat(bare.error("nodes_top", Map.of())).startsWith("metrics API is not available");
    }
  }

}
