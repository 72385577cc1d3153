package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.NodeClient;
import dev.lantern.testkit.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Virtual keys and teams through HTTP, as LiteLLM's users drive them: the management API with the
 * master key, and calls with the keys it hands out, some through the official OpenAI Node client.
 * The same contract runs on SQLite and on a real PostgreSQL (the subclasses say which).
 *
 * <p>Prices: 0.001 USD a prompt token and 0.002 a completion token; the fake upstream reports 10
 * prompt tokens and one completion token per word, so "Hello from free" costs 0.016 USD.
 */
abstract class VirtualKeysContract {
  static final String MASTER = "sk-master-contract";
  static final double CALL_COST = 0.016;
  static final String[] AS_MASTER = {"Authorization", "Bearer " + MASTER};

  GatewayHarness harness;
  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path home;

  /** The general_settings lines that choose the database, indented for the YAML below. */
  abstract String databaseSettings() throws Exception;

  /** A gateway on this test's LANTERN_HOME: a second one started in the same test finds the first's keys. */
  GatewayHarness startGateway() throws Exception {
    harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}", input_cost_per_token: 0.001, output_cost_per_token: 0.002}
          - model_name: paid
            litellm_params: {model: openai/paid-model, api_base: "${paid}", input_cost_per_token: 0.001, output_cost_per_token: 0.002}
        router_settings: {num_retries: 0}
        general_settings:
          master_key: %s
          proxy_batch_write_at: 0.2
        %s""".formatted(MASTER, databaseSettings()), Map.of("LANTERN_HOME", home.toString()));
    return harness;
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  JsonNode manage(String path, String body) throws Exception {
    HttpResponse<String> response = harness.post(path, body, AS_MASTER);
    assertThat(response.statusCode()).as("%s %s: %s", path, body, response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  JsonNode read(String pathAndQuery) throws Exception {
    HttpResponse<String> response = harness.get(pathAndQuery, AS_MASTER);
    assertThat(response.statusCode()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  String newKey(String body) throws Exception {
    String key = manage("/key/generate", body).path("key").asString();
    assertThat(key).startsWith("sk-");
    return key;
  }

  GatewayHarness.Answer chat(String key, String model) throws Exception {
    return harness.send(GatewayHarness.chat(model, false), "Authorization", "Bearer " + key);
  }

  double spendOf(String key) throws Exception {
    return read("/key/info?key=" + key).path("info").path("spend").asDouble();
  }

  @Test
  void aKeyCallsItsModelsThroughTheOpenAiClientAndIsToldWhichOnesItMayUse() throws Exception {
    startGateway();
    String key = newKey("{\"models\": [\"free\"], \"key_alias\": \"laptop\"}");
    String base = harness.gateway.uri() + "/v1";

    JsonNode answer = NodeClient.run("openai-client.mjs", base, key, "chat", "free");
    JsonNode refused = NodeClient.run("openai-client.mjs", base, key, "error", "paid");
    JsonNode models = NodeClient.run("openai-client.mjs", base, key, "models");

    assertThat(answer.path("text").asString()).isEqualTo("Hello from free");
    assertThat(refused.path("error").path("status").asInt()).isEqualTo(401);
    assertThat(refused.path("error").path("message").asString()).contains("models=[free]").contains("paid");
    assertThat(models.path("ids").toString()).isEqualTo("[\"free\"]");
    assertThat(harness.upstream.calls("paid")).isZero();
  }

  @Test
  void spendIsCountedPerKeyAndListedInTheSpendLogAndReport() throws Exception {
    startGateway();
    String key = newKey("{\"user_id\": \"ada\"}");
    String token = read("/key/info?key=" + key).path("key").asString();

    assertThat(chat(key, "free").status()).isEqualTo(200);
    assertThat(chat(key, "paid").status()).isEqualTo(200);

    assertThat(spendOf(key)).isCloseTo(2 * CALL_COST, within(1e-9));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(read("/spend/logs?api_key=" + key)).hasSize(2));
    JsonNode logs = read("/spend/logs?user_id=ada");
    assertThat(logs).hasSize(2);
    assertThat(logs.get(0).path("api_key").asString()).isEqualTo(token);
    assertThat(logs.get(0).path("status").asString()).isEqualTo("success");
    assertThat(logs.get(0).path("total_tokens").asLong()).isEqualTo(13);
    JsonNode report = read("/global/spend/report?group_by=api_key");
    assertThat(report).hasSize(1);
    JsonNode entry = report.get(0).path("api_keys").get(0);
    assertThat(entry.path("api_key").asString()).isEqualTo(token);
    assertThat(entry.path("total_spend").asDouble()).isCloseTo(2 * CALL_COST, within(1e-9));
    assertThat(entry.path("metadata")).hasSize(2);
    assertThat(read("/global/spend/report?group_by=model").get(0).path("models")).hasSize(2);
    // The stored spend survives a restart of the gateway.
    harness.close();
    startGateway();
    assertThat(spendOf(key)).isCloseTo(2 * CALL_COST, within(1e-9));
  }

  @Test
  void overBudgetIsRefusedWithLiteLlmsErrorUntilTheBudgetWindowEnds() throws Exception {
    startGateway();
    String key = newKey("{\"max_budget\": 0.02, \"budget_duration\": \"1h\"}");

    assertThat(chat(key, "free").status()).isEqualTo(200);
    assertThat(chat(key, "free").status()).isEqualTo(200);
    GatewayHarness.Answer over = chat(key, "free");

    assertThat(over.status()).isEqualTo(400);
    assertThat(over.body().path("error").path("type").asString()).isEqualTo("budget_exceeded");
    assertThat(over.body().path("error").path("message").asString()).contains("Budget has been exceeded");
    assertThat(harness.upstream.calls("free")).isEqualTo(2);

    harness.advance(Duration.ofMinutes(61));
    assertThat(chat(key, "free").status()).isEqualTo(200);
    assertThat(spendOf(key)).isCloseTo(CALL_COST, within(1e-9));
  }

  @Test
  void rpmLimitAnswers429WithRetryAfterAndOpensAgainNextMinute() throws Exception {
    startGateway();
    String key = newKey("{\"rpm_limit\": 3}");

    for (int i = 0; i < 3; i++) {
      assertThat(chat(key, "free").status()).isEqualTo(200);
    }
    GatewayHarness.Answer limited = chat(key, "free");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(Long.parseLong(limited.headers().get("retry-after"))).isBetween(1L, 60L);
    assertThat(limited.body().path("error").path("message").asString()).contains("rpm_limit of 3");
    harness.advance(Duration.ofMinutes(1));
    assertThat(chat(key, "free").status()).isEqualTo(200);
  }

  @Test
  void tpmLimitCountsTheTokensOfFinishedCalls() throws Exception {
    startGateway();
    String key = newKey("{\"tpm_limit\": 20}");

    assertThat(chat(key, "free").status()).isEqualTo(200); // 13 tokens
    assertThat(chat(key, "free").status()).isEqualTo(200); // 26: over from now on
    GatewayHarness.Answer limited = chat(key, "free");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().path("error").path("message").asString()).contains("tpm_limit of 20");
  }

  @Test
  void maxParallelRequestsRefusesTheCallsBeyondIt() throws Exception {
    startGateway();
    String key = newKey("{\"max_parallel_requests\": 2}");
    harness.upstream.respondWith("free", body -> Reply.ok("slow answer").withDelay(Duration.ofMillis(700)));

    List<Integer> statuses = concurrently(6, () -> chat(key, "free").status());

    assertThat(statuses).filteredOn(s -> s == 200).hasSizeBetween(2, 4);
    assertThat(statuses).filteredOn(s -> s == 429).isNotEmpty();
    // Slots are given back: the next call goes through.
    assertThat(chat(key, "free").status()).isEqualTo(200);
  }

  @Test
  void anExpiredKeyStopsWorking() throws Exception {
    startGateway();
    String key = newKey("{\"duration\": \"1h\"}");
    assertThat(chat(key, "free").status()).isEqualTo(200);

    harness.advance(Duration.ofHours(2));
    GatewayHarness.Answer expired = chat(key, "free");

    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.body().path("error").path("message").asString()).contains("Expired Key");
  }

  @Test
  void blockingUnblockingAndDeletingTakeEffectAtOnce() throws Exception {
    startGateway();
    String key = newKey("{}");

    manage("/key/block", "{\"key\": \"" + key + "\"}");
    GatewayHarness.Answer blocked = chat(key, "free");
    manage("/key/unblock", "{\"key\": \"" + key + "\"}");
    int unblocked = chat(key, "free").status();
    JsonNode deleted = manage("/key/delete", "{\"keys\": [\"" + key + "\"]}");
    GatewayHarness.Answer gone = chat(key, "free");

    assertThat(blocked.status()).isEqualTo(401);
    assertThat(blocked.body().path("error").path("message").asString()).contains("blocked");
    assertThat(unblocked).isEqualTo(200);
    assertThat(deleted.path("deleted_keys")).hasSize(1);
    assertThat(gone.status()).isEqualTo(401);
    assertThat(harness.get("/key/info?key=" + key, AS_MASTER).statusCode()).isEqualTo(404);
  }

  @Test
  void updatingAKeyChangesItsModelsAndLimits() throws Exception {
    startGateway();
    String key = newKey("{\"models\": [\"free\"]}");
    assertThat(chat(key, "paid").status()).isEqualTo(401);

    JsonNode updated = manage("/key/update", "{\"key\": \"" + key + "\", \"models\": [\"paid\"], \"max_budget\": 5}");

    assertThat(updated.path("models").toString()).isEqualTo("[\"paid\"]");
    assertThat(updated.path("max_budget").asDouble()).isEqualTo(5.0);
    assertThat(chat(key, "paid").status()).isEqualTo(200);
    assertThat(chat(key, "free").status()).isEqualTo(401);
  }

  @Test
  void aTeamsModelsAndBudgetApplyToItsKeys() throws Exception {
    startGateway();
    manage("/team/new", "{\"team_id\": \"home\", \"models\": [\"free\"], \"max_budget\": 0.03}");
    String one = newKey("{\"team_id\": \"home\"}");
    String two = newKey("{\"team_id\": \"home\"}");

    GatewayHarness.Answer paid = chat(one, "paid");
    assertThat(chat(one, "free").status()).isEqualTo(200);
    assertThat(chat(two, "free").status()).isEqualTo(200);
    GatewayHarness.Answer over = chat(one, "free");

    assertThat(paid.status()).isEqualTo(401);
    assertThat(paid.body().path("error").path("type").asString()).isEqualTo("team_model_access_denied");
    assertThat(over.status()).isEqualTo(400);
    assertThat(over.body().path("error").path("message").asString()).contains("team 'home'");
    JsonNode info = read("/team/info?team_id=home");
    assertThat(info.path("team_info").path("spend").asDouble()).isCloseTo(2 * CALL_COST, within(1e-9));
    assertThat(info.path("keys")).hasSize(2);
    assertThat(read("/key/list?team_id=home").path("total_count").asLong()).isEqualTo(2);

    manage("/team/delete", "{\"team_ids\": [\"home\"]}");
    assertThat(chat(two, "free").status()).isEqualTo(401);
    assertThat(read("/team/list")).isEmpty();
  }

  @Test
  void onlyTheMasterKeyReachesTheManagementRoutes() throws Exception {
    startGateway();
    String key = newKey("{}");

    for (String path : List.of("/key/generate", "/key/update", "/key/delete", "/key/block", "/team/new",
        "/team/delete")) {
      assertThat(harness.post(path, "{}", "Authorization", "Bearer " + key).statusCode()).as(path).isEqualTo(403);
      assertThat(harness.post(path, "{}").statusCode()).as(path).isEqualTo(401);
    }
    String other = newKey("{}");
    for (String path : List.of("/key/list", "/key/info?key=" + other, "/team/list", "/spend/logs",
        "/global/spend/report", "/health")) {
      assertThat(harness.get(path, "Authorization", "Bearer " + key).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(read("/key/list").path("total_count").asLong()).isEqualTo(2);
  }

  @Test
  void aKeyReadsItsOwnInfoAndSpendButNoOtherKeys() throws Exception {
    startGateway();
    String key = newKey("{\"max_budget\": 5, \"key_alias\": \"laptop\"}");
    String other = newKey("{}");
    assertThat(chat(key, "free").status()).isEqualTo(200);

    HttpResponse<String> own = harness.get("/key/info", "Authorization", "Bearer " + key);
    HttpResponse<String> named = harness.get("/key/info?key=" + key, "Authorization", "Bearer " + key);
    HttpResponse<String> another = harness.get("/key/info?key=" + other, "Authorization", "Bearer " + key);

    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    JsonNode info = Json.MAPPER.readTree(own.body()).path("info");
    assertThat(info.path("key_alias").asString()).isEqualTo("laptop");
    assertThat(info.path("max_budget").asDouble()).isEqualTo(5.0);
    assertThat(info.path("spend").asDouble()).isPositive();
    assertThat(named.statusCode()).isEqualTo(200);
    assertThat(another.statusCode()).isEqualTo(403);
    assertThat(another.body()).doesNotContain(other);
  }

  @Test
  void mistakesInManagementRequestsGetAClear400() throws Exception {
    startGateway();
    Map<String, String> mistakes = Map.of(
        "{\"models\": [\"gpt-9\"]}", "not in this gateway's model_list",
        "{\"team_id\": \"nobody\"}", "create it first with POST /team/new",
        "{\"max_budget\": \"ten\"}", "'max_budget' must be a number",
        "{\"budget_duration\": \"monthly\"}", "must be a duration such as",
        "{\"rpm_limit\": 1.5}", "whole number",
        "{\"max_budgett\": 3}", "Unknown field 'max_budgett'",
        "{\"model_max_budget\": {\"free\": 1}}", "does not enforce yet",
        "{\"key\": \"short\"}", "starts with 'sk-'");
    for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
      HttpResponse<String> response = harness.post("/key/generate", mistake.getKey(), AS_MASTER);
      assertThat(response.statusCode()).as(mistake.getKey()).isEqualTo(400);
      assertThat(response.body()).as(mistake.getKey()).contains(mistake.getValue());
    }
    assertThat(read("/key/list").path("total_count").asLong()).isZero();
    assertThat(harness.get("/spend/logs?start_date=%2B300000000-01-01T00:00:00Z", AS_MASTER).statusCode()).isEqualTo(400);
  }

  @Test
  void aClientsOddUserFieldCannotStopSpendFromBeingWritten() throws Exception {
    startGateway();
    String key = newKey("{}");
    String body = "{\"model\": \"free\", \"user\": \"eve\\u0000\\u001b[31m" + "x".repeat(400) + "\", "
        + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    assertThat(harness.send(body, "Authorization", "Bearer " + key).status()).isEqualTo(200);
    assertThat(chat(key, "free").status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(read("/spend/logs?api_key=" + key)).hasSize(2));
    JsonNode odd = read("/spend/logs?api_key=" + key).findValues("end_user").stream()
        .filter(v -> v.isString()).findFirst().orElseThrow();
    assertThat(odd.asString()).startsWith("eve[31mxxx").hasSizeLessThanOrEqualTo(256).doesNotContain("\u0000");
    assertThat(spendOf(key)).isCloseTo(2 * CALL_COST, within(1e-9));
  }

  @Test
  void concurrentCallsOnOneKeyOverspendByNoMoreThanTheCallsInFlight() throws Exception {
    startGateway();
    double budget = 0.1; // room for 6.25 calls
    String key = newKey("{\"max_budget\": " + budget + "}");
    harness.upstream.respondWith("free", body -> Reply.ok("Hello from free").withDelay(Duration.ofMillis(30)));
    int threads = 8;

    List<Integer> statuses = concurrently(threads * 5, () -> chat(key, "free").status(), threads);

    long served = statuses.stream().filter(s -> s == 200).count();
    assertThat(statuses).filteredOn(s -> s == 400).isNotEmpty();
    assertThat(served).isGreaterThanOrEqualTo(7).isLessThanOrEqualTo(7 + threads - 1);
    assertThat(spendOf(key)).isLessThan(budget + threads * CALL_COST).isCloseTo(served * CALL_COST, within(1e-9));
  }

  @Test
  void stoppingUnderLoadLosesNoSpendRecord() throws Exception {
    startGateway();
    String key = newKey("{}");
    harness.upstream.respondWith("free", body -> Reply.ok("Hello from free").withDelay(Duration.ofMillis(5)));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      calls.add(pool.submit(() -> {
        try {
          return chat(key, "free").status();
        } catch (java.io.IOException | IllegalArgumentException refused) {
          return -1; // the server had stopped accepting (a closed gateway has no port)
        }
      }));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.upstream.calls("free") >= 40);
    harness.gateway.close(); // what SIGTERM does
    long served = 0;
    for (Future<Integer> call : calls) {
      served += call.get() == 200 ? 1 : 0;
    }
    pool.shutdown();

    harness.close();
    startGateway();
    assertThat(served).isGreaterThanOrEqualTo(40);
    assertThat(read("/spend/logs?limit=10000&api_key=" + key)).hasSize((int) served);
    assertThat(spendOf(key)).isCloseTo(served * CALL_COST, within(1e-6));
  }

  @Test
  void budgetAndLimitGaugesAndRequestLabelsUseLiteLlmsNames() throws Exception {
    startGateway();
    manage("/team/new", "{\"team_id\": \"home\", \"team_alias\": \"Home\", \"max_budget\": 1}");
    String key = newKey("{\"key_alias\": \"laptop\", \"team_id\": \"home\", \"user_id\": \"ada\", "
        + "\"max_budget\": 0.5, \"rpm_limit\": 10, \"tpm_limit\": 1000}");
    assertThat(chat(key, "free").status()).isEqualTo(200);
    String[] master = {"Authorization", "Bearer " + MASTER};
    Map<String, String> laptop = Map.of("api_key_alias", "laptop");

    assertThat(metric("litellm_remaining_api_key_budget_metric", laptop)).isCloseTo(0.5 - CALL_COST, within(1e-9));
    assertThat(metric("litellm_api_key_max_budget_metric", laptop)).isEqualTo(0.5);
    assertThat(metric("litellm_remaining_team_budget_metric", Map.of("team", "home", "team_alias", "Home")))
        .isCloseTo(1 - CALL_COST, within(1e-9));
    assertThat(metric("litellm_team_max_budget_metric", Map.of("team", "home"))).isEqualTo(1.0);
    assertThat(metric("litellm_remaining_api_key_requests_for_model", Map.of("api_key_alias", "laptop", "model", "free")))
        .isEqualTo(9.0);
    assertThat(metric("litellm_remaining_api_key_tokens_for_model", Map.of("api_key_alias", "laptop", "model", "free")))
        .isEqualTo(1000.0 - 13);
    assertThat(metric("litellm_proxy_total_requests_metric_total", Map.of("api_key_alias", "laptop", "team", "home",
        "team_alias", "Home", "user", "ada", "status_code", "200"))).isEqualTo(1.0);
    assertThat(metric("litellm_spend_metric_total", Map.of("api_key_alias", "laptop", "team", "home")))
        .isCloseTo(CALL_COST, within(1e-9));
    assertThat(harness.metrics(master)).doesNotContain(key).doesNotContain(dev.lantern.common.secret.Secrets.sha256Hex(key));
  }

  private double metric(String name, Map<String, String> labels) throws Exception {
    return dev.lantern.testkit.PromText.sum(harness.metrics("Authorization", "Bearer " + MASTER), name, labels);
  }

  @Test
  void aVirtualKeyNeverAppearsInLogsMetricsOrErrors() throws Exception {
    startGateway();
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    String key;
    StringBuilder answers = new StringBuilder();
    try {
      key = newKey("{\"models\": [\"free\"], \"max_budget\": 0.01, \"rpm_limit\": 5}");
      harness.upstream.script("free", Reply.status(500, "upstream down"));
      answers.append(whole(chat(key, "free"))); // a failed call, logged
      answers.append(whole(chat(key, "free"))); // spends 0.016: over budget
      answers.append(whole(chat(key, "free"))); // refused: budget
      answers.append(whole(chat(key, "paid"))); // refused: model
      manage("/key/block", "{\"key\": \"" + key + "\"}");
      answers.append(whole(chat(key, "free"))); // refused: blocked
      answers.append(harness.post("/key/generate", "{}", "Authorization", "Bearer " + key).body());
      answers.append(harness.metrics("Authorization", "Bearer " + MASTER));
    } finally {
      System.setErr(original);
    }
    String token = dev.lantern.common.secret.Secrets.sha256Hex(key);
    String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(log).as("the failed call is logged").contains("failed with 500");
    assertThat(log + answers).doesNotContain(key).doesNotContain(token).doesNotContain(key.substring(3))
        .doesNotContain(dev.lantern.testkit.RealPostgres.PASSWORD);
    assertThat(answers.toString()).contains("Budget has been exceeded").contains("blocked");
  }

  private static String whole(GatewayHarness.Answer answer) {
    return answer.status() + " " + answer.body() + "\n";
  }

  static <T> List<T> concurrently(int count, Callable<T> call) throws Exception {
    return concurrently(count, call, count);
  }

  static <T> List<T> concurrently(int count, Callable<T> call, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(call));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }
}
