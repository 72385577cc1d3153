package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.kube.cluster.ReadOnlyViolation;
import dev.lantern.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The promises that make this server safe to hand a model: it only reads, and never shows a Secret. */
class SafetyTest {
  private static KubeMcpHarness harness;
  private static List<String> outputs;

  @BeforeAll
  static void callEveryTool() {
    harness = KubeMcpHarness.start();
    outputs = EveryTool.CALLS.stream()
        .map(call -> KubeMcpHarness.text(harness.call(call.tool(), call.arguments())))
        .toList();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void everyToolIsCoveredByTheCalls() {
    assertThat(EveryTool.CALLS.stream().map(EveryTool.Call::tool).distinct())
        .containsExactlyInAnyOrderElementsOf(harness.tools.stream().map(t -> t.name()).toList());
  }

  @Test
  void noToolSendsAMutatingRequest() {
    List<RecordedRequest> requests = harness.mock.requests();

    assertThat(requests).isNotEmpty();
    assertThat(requests).extracting(RecordedRequest::getMethod)
        .allMatch(method -> Set.of("GET", "HEAD").contains(method));
  }

  @Test
  void theClientRefusesToSendAWriteEvenIfAToolTried() {
    assertThatThrownBy(() -> harness.cluster.client()
            .resource(new NamespaceBuilder().withNewMetadata().withName("evil").endMetadata().build()).create())
        .isInstanceOf(ReadOnlyViolation.class);
    assertThat(harness.mock.requests()).noneMatch(r -> r.getMethod().equals("POST"));
  }

  @Test
  void noSecretValueEverAppearsInAnyOutput() {
    for (String secret : MockCluster.SECRET_VALUES) {
      String encoded = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
      assertThat(outputs).allSatisfy(output -> assertThat(output).doesNotContain(secret).doesNotContain(encoded));
    }
  }

  @Test
  void secretsAreDeniedByDefault() {
    assertThat(harness.error("resources_get",
        java.util.Map.of("apiVersion", "v1", "kind", "Secret", "namespace", "demo", "name", "db-credentials")))
        .startsWith("resource not allowed: v1/Secret");
    assertThat(harness.mock.requests()).noneMatch(r -> r.getPath().contains("/secrets/db-credentials"));
  }
}
