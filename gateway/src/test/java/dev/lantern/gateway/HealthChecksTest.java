package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.PromText;
import dev.lantern.testkit.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** LiteLLM's {@code GET /health}: every deployment pinged, on request or in the background. */
class HealthChecksTest {
  private static final String TWO_DEPLOYMENTS = """
      model_list:
        - model_name: a
          litellm_params: {model: openai/a-upstream, api_base: "${a}"}
        - model_name: b
          litellm_params: {model: openai/b-upstream, api_base: "${b}", api_key: sk-b-SECRET-KEY}
      general_settings: {master_key: sk-master%s}
      """;
  private static final String BACKGROUND = ", background_health_checks: true, health_check_interval: 60";

  @Test
  void eachDeploymentIsPingedAndAFailingOneIsListedWithItsReason() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(TWO_DEPLOYMENTS.formatted(""))) {
      harness.upstream.script("b", Reply.status(401, "Invalid API key"));

      HttpResponse<String> anonymous = harness.get("/health");
      HttpResponse<String> response = harness.get("/health", "Authorization", "Bearer sk-master");

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode health = Json.MAPPER.readTree(response.body());
      assertThat(health.path("healthy_count").asInt()).isEqualTo(1);
      assertThat(health.path("unhealthy_count").asInt()).isEqualTo(1);
      assertThat(health.path("healthy_endpoints").get(0).path("model").asString()).isEqualTo("openai/a-upstream");
      JsonNode unhealthy = health.path("unhealthy_endpoints").get(0);
      assertThat(unhealthy.path("model_name").asString()).isEqualTo("b");
      assertThat(unhealthy.path("error").asString()).contains("Invalid API key");
      assertThat(response.body()).doesNotContain("sk-b-SECRET-KEY");
      JsonNode ping = harness.upstream.received("a").get(0).body();
      assertThat(ping.path("model").asString()).isEqualTo("a-upstream");
      assertThat(ping.path("max_tokens").asInt()).isEqualTo(1);
      String metrics = harness.metrics("Authorization", "Bearer sk-master");
      assertThat(PromText.sum(metrics, "litellm_proxy_total_requests_metric_total")).as("checks are not traffic").isZero();
      assertThat(PromText.sum(metrics, "litellm_deployment_state")).as("a failed check puts nothing in cooldown").isZero();
    }
  }

  @Test
  void backgroundChecksRunOnTheirOwnAndHealthAnswersTheLastRound() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(TWO_DEPLOYMENTS.formatted(BACKGROUND))) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> harness.upstream.received("a").size() == 1);

      HttpResponse<String> first = harness.get("/health", "Authorization", "Bearer sk-master");
      HttpResponse<String> second = harness.get("/health", "Authorization", "Bearer sk-master");

      assertThat(Json.MAPPER.readTree(first.body()).path("healthy_count").asInt()).isEqualTo(2);
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(harness.upstream.received("a")).as("answered from the start-up round, no new call").hasSize(1);
    }
  }
}
