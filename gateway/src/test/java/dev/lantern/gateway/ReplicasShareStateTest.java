package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.RealPostgres;
import dev.lantern.testkit.RealRedis;
import dev.lantern.testkit.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway processes sharing a real Redis and a real PostgreSQL, as two replicas behind one
 * Service: keys' and deployments' limits, cooldowns and key changes hold across both, and losing
 * Redis stops neither.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasShareStateTest {
  private static final String MASTER = "sk-master-replicas";
  @TempDir
  static Path work;
  private static RealRedis redis;
  private static RealPostgres postgres;
  private static FakeOpenAi upstream;
  private static GatewayProcess first;
  private static GatewayProcess second;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    redis = RealRedis.start(work.resolve("redis"));
    postgres = RealPostgres.start();
    upstream = FakeOpenAi.start();
    Path config = Files.writeString(work.resolve("config.yaml"), """
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-a, api_base: "%s"}
          - model_name: free
            litellm_params: {model: openai/free-b, api_base: "%s"}
          - model_name: capped
            litellm_params: {model: openai/capped, api_base: "%s", rpm: 6}
          - model_name: metered
            litellm_params: {model: openai/metered, api_base: "%s", tpm: 100}
        router_settings:
          num_retries: 0
          cooldown_time: 60
          redis_host: 127.0.0.1
          redis_port: %d
          redis_password: os.environ/REDIS_PASSWORD
        general_settings:
          master_key: %s
          database_url: os.environ/DATABASE_URL
          proxy_batch_write_at: 0.2
        """.formatted(upstream.baseUrl("a"), upstream.baseUrl("b"), upstream.baseUrl("capped"),
        upstream.baseUrl("metered"), redis.port(), MASTER));
    Map<String, String> env = Map.of("REDIS_PASSWORD", RealRedis.PASSWORD,
        "DATABASE_URL", postgres.createDatabase("replicas"));
    first = GatewayProcess.start(config, work.resolve("first"), env);
    second = GatewayProcess.start(config, work.resolve("second"), env);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable part : new AutoCloseable[] {first, second, upstream, postgres, redis}) {
      if (part != null) {
        part.close();
      }
    }
  }

  @Test
  @Order(1)
  void anRpmLimitOfTenAcrossBothReplicasGivesExactlyTenSuccesses() throws Exception {
    startWithinAFreshMinute(Duration.ofSeconds(10));
    String key = newKey(first, "{\"rpm_limit\": 10}");
    List<Integer> statuses = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      statuses.add(chat(i % 2 == 0 ? first : second, key).statusCode());
    }

    assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(10);
  }

  @Test
  @Order(2)
  void aDeploymentsRpmIsSharedSoBothReplicasTogetherSendItExactlyThatMany() throws Exception {
    startWithinAFreshMinute(Duration.ofSeconds(10));
    List<HttpResponse<String>> answers = new ArrayList<>();

    for (int i = 0; i < 12; i++) {
      answers.add(post(i % 2 == 0 ? first : second, "/v1/chat/completions",
          GatewayHarness.chat("capped", false), MASTER));
    }

    assertThat(upstream.calls("capped")).as("rpm: 6 holds for both replicas together").isEqualTo(6);
    assertThat(answers).filteredOn(a -> a.statusCode() == 200).hasSize(6);
    assertThat(answers.subList(6, 12)).allSatisfy(refused -> {
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.body()).contains("openai/capped is at its rpm limit of 6");
    });
  }

  @Test
  @Order(3)
  void aDeploymentsTpmCountsTokensUsedThroughEitherReplica() throws Exception {
    startWithinAFreshMinute(Duration.ofSeconds(10));
    upstream.respondWith("metered", body -> Reply.ok("counted").withPromptTokens(29));
    List<HttpResponse<String>> answers = new ArrayList<>();

    for (int i = 0; i < 10; i++) {
      answers.add(post(i % 2 == 0 ? first : second, "/v1/chat/completions",
          GatewayHarness.chat("metered", false), MASTER));
      Thread.sleep(200); // a call's tokens are counted in Redis just after its answer
    }

    long perCall = Json.MAPPER.readTree(answers.get(0).body()).path("usage").path("total_tokens").asLong();
    long allowed = (100 + perCall - 1) / perCall; // calls start while fewer than 100 tokens are counted
    assertThat(perCall).isPositive();
    assertThat(answers).filteredOn(a -> a.statusCode() == 200).hasSize((int) allowed);
    assertThat(upstream.calls("metered")).isEqualTo((int) allowed);
    assertThat(answers.get(9).body()).contains("openai/metered is at its tpm limit of 100");
  }

  @Test
  @Order(4)
  void aCooldownStartedOnOneReplicaIsHonouredByTheOther() throws Exception {
    upstream.respondWith("a", body -> Reply.status(429, "free tier: rate limited for this account"));
    int before = upstream.calls("a");
    // Calls on the first replica until one reaches deployment a, is refused, and cools it down.
    for (int i = 0; i < 40 && upstream.calls("a") == before; i++) {
      chat(first, MASTER);
    }
    assertThat(upstream.calls("a")).isEqualTo(before + 1);
    Thread.sleep(300); // the announcement crosses Redis

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      statuses.add(chat(second, MASTER).statusCode());
    }

    assertThat(upstream.calls("a")).as("the second replica never tried the cooled-down deployment")
        .isEqualTo(before + 1);
    assertThat(statuses).containsOnly(200);
  }

  @Test
  @Order(5)
  void aKeyBlockedOnOneReplicaStopsWorkingOnTheOtherWithinASecond() throws Exception {
    String key = newKey(first, "{}");
    assertThat(chat(second, key).statusCode()).isEqualTo(200); // the second replica now holds it in memory

    HttpResponse<String> blocked = post(first, "/key/block", "{\"key\": \"" + key + "\"}", MASTER);
    assertThat(blocked.statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> chat(second, key).statusCode() == 401);
  }

  @Test
  @Order(6)
  void whenRedisDiesBothReplicasKeepServing() throws Exception {
    String key = newKey(first, "{\"rpm_limit\": 1000}");
    redis.kill();

    for (GatewayProcess replica : List.of(first, second, first, second)) {
      assertThat(chat(replica, key).statusCode()).isEqualTo(200);
      assertThat(chat(replica, MASTER).statusCode()).isEqualTo(200);
    }
    String readiness = HTTP.send(HttpRequest.newBuilder(first.uri().resolve("/health/readiness")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(Json.MAPPER.readTree(readiness).path("redis").asString()).isEqualTo("disconnected");
  }

  /** Per-minute counts start again at each clock minute: a test of them must not straddle one. */
  private static void startWithinAFreshMinute(Duration needed) throws InterruptedException {
    long intoMinute = System.currentTimeMillis() % 60_000;
    if (intoMinute > 60_000 - needed.toMillis()) {
      Thread.sleep(60_000 - intoMinute + 100);
    }
  }

  private static String newKey(GatewayProcess replica, String body) throws Exception {
    HttpResponse<String> response = post(replica, "/key/generate", body, MASTER);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body()).path("key").asString();
  }

  private static HttpResponse<String> chat(GatewayProcess replica, String key) throws Exception {
    return post(replica, "/v1/chat/completions", GatewayHarness.chat("free", false), key);
  }

  private static HttpResponse<String> post(GatewayProcess replica, String path, String body, String key)
      throws Exception {
    URI uri = replica.uri().resolve(path);
    return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
