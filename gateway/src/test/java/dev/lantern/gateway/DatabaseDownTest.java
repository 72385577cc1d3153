package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.RealPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL goes away under a running gateway with {@code allow_requests_on_db_unavailable}: the
 * master key and keys already checked keep working, a key that cannot be checked may only call
 * models (never the management routes), readiness says so, and the spend counted meanwhile is
 * written once the server is back.
 */
class DatabaseDownTest {
  private static final String MASTER = "sk-master-db-down";
  private static final String[] AS_MASTER = {"Authorization", "Bearer " + MASTER};

  @TempDir
  java.nio.file.Path home;

  @Test
  void theGatewayKeepsServingWhileTheDatabaseIsDownAndCatchesUpAfter() throws Exception {
    try (RealPostgres postgres = RealPostgres.start();
         GatewayHarness harness = GatewayHarness.start("""
             model_list:
               - model_name: free
                 litellm_params: {model: openai/free-model, api_base: "${free}", input_cost_per_token: 0.001}
             general_settings:
               master_key: %s
               database_url: "%s"
               allow_requests_on_db_unavailable: true
               proxy_batch_write_at: 0.2
             """.formatted(MASTER, postgres.createDatabase("down")), Map.of("LANTERN_HOME", home.toString()))) {
      String key = Json.MAPPER.readTree(harness.post("/key/generate", "{}", AS_MASTER).body()).path("key").asString();
      assertThat(chat(harness, key)).isEqualTo(200); // now in memory

      postgres.stop();

      assertThat(chat(harness, MASTER)).isEqualTo(200);
      assertThat(chat(harness, key)).isEqualTo(200);
      String stranger = "sk-never-made-anywhere-0123456789";
      assertThat(chat(harness, stranger)).as("allowed through: the database cannot say no").isEqualTo(200);
      assertThat(harness.get("/key/list", "Authorization", "Bearer " + stranger).statusCode()).isIn(403, 503);
      assertThat(harness.post("/key/generate", "{}", "Authorization", "Bearer " + stranger).statusCode())
          .isIn(403, 503);
      assertThat(harness.get("/key/list", AS_MASTER).statusCode()).isEqualTo(503);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonNode readiness = Json.MAPPER.readTree(harness.get("/health/readiness").body());
        assertThat(readiness.path("db").asString()).isEqualTo("disconnected");
      });

      postgres.restart();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        JsonNode logs = Json.MAPPER.readTree(harness.get("/spend/logs?api_key=" + key, AS_MASTER).body());
        assertThat(logs.isArray()).isTrue();
        assertThat(logs).hasSize(2);
      });
      assertThat(Json.MAPPER.readTree(harness.get("/health/readiness").body()).path("db").asString())
          .isEqualTo("connected");
    }
  }

  private static int chat(GatewayHarness harness, String key) throws Exception {
    return harness.send(GatewayHarness.chat("free", false), "Authorization", "Bearer " + key).status();
  }
}
