package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.kube.cluster.DeniedResources;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DeniedResourcesTest {
  @Test
  void entriesMatchByGroupVersionAndKind() {
    DeniedResources denied = DeniedResources.parse(List.of("v1/Secret", "rbac.authorization.k8s.io/v1/ClusterRole",
        "metrics.k8s.io/v1beta1"));

    assertThat(denied.allows("v1", "Secret")).isFalse();
    assertThat(denied.allows("v1", "secret")).isFalse();
    assertThat(denied.allows("v1", "ConfigMap")).isTrue();
    assertThat(denied.allows("rbac.authorization.k8s.io/v1", "ClusterRole")).isFalse();
    assertThat(denied.allows("rbac.authorization.k8s.io/v1", "Role")).isTrue();
    assertThat(denied.allows("metrics.k8s.io/v1beta1", "PodMetrics")).isFalse();
  }

  @Test
  void aMalformedEntryIsRefusedWithTheFormsThatWork() {
    assertThatThrownBy(() -> DeniedResources.parse(List.of("Secret")))
        .hasMessageContaining("group/version/Kind, version/Kind (core) or group/version");
  }

  @Property
  void parsingNeverFailsInAnUnexpectedWay(@ForAll String spec) {
    try {
      DeniedResources.parse(List.of(spec)).allows("v1", "Pod");
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).contains("denied resource");
    }
  }

  @Test
  void aDeniedKindIsRefusedByEveryToolThatReadsIt() {
    try (KubeMcpHarness harness = KubeMcpHarness.withDenied(List.of("v1/Secret", "v1/Pod", "metrics.k8s.io/v1beta1"))) {
      assertThat(harness.error("pods_list", Map.of())).startsWith("resource not allowed: v1/Pod");
      assertThat(harness.error("pods_log", Map.of("namespace", "demo", "name", "web"))).startsWith("resource not allowed");
      assertThat(harness.error("resources_list", Map.of("apiVersion", "v1", "kind", "Pod"))).startsWith("resource not allowed");
      assertThat(harness.error("pods_top", Map.of())).startsWith("resource not allowed: metrics.k8s.io/v1beta1/PodMetrics");
      assertThat(harness.text("namespaces_list", Map.of())).contains("demo");
    }
  }
}
