package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.PromText;
import dev.lantern.testkit.Received;
import dev.lantern.testkit.Reply;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The gateway's routes as a LiteLLM client uses them: auth, models, health, headers, cost, usage. */
class ApiSurfaceTest {
  private static final String MASTER_KEY = "sk-master-0123456789";
  private static final String UPSTREAM_KEY = "sk-upstream-secret-987654321";
  private static final String BEARER = "Bearer " + MASTER_KEY;

  private static final String CONFIG = """
      model_list:
        - model_name: free
          litellm_params: {model: openrouter/qwen/qwen3-coder:free, api_base: "${free}", api_key: os.environ/OR_KEY}
        - model_name: cheap
          litellm_params:
            model: openrouter/qwen/qwen-turbo
            api_base: "${cheap}"
            api_key: os.environ/OR_KEY
        - model_name: priced
          litellm_params:
            model: openai/house-model
            api_base: "${priced}"
            input_cost_per_token: 0.001
            output_cost_per_token: 0.002
        - model_name: reported
          litellm_params: {model: openrouter/some/model, api_base: "${reported}", api_key: os.environ/OR_KEY}
        - model_name: embed
          litellm_params: {model: openai/text-embedding-3-small, api_base: "${embed}"}
      general_settings:
        master_key: os.environ/MASTER
      litellm_settings:
        callbacks: [prometheus]
      """;

  private GatewayHarness harness;

  @BeforeEach
  void start() {
    harness = GatewayHarness.start(CONFIG, Map.of("OR_KEY", UPSTREAM_KEY, "MASTER", MASTER_KEY));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void callsWithoutTheMasterKeyAreRefusedWith401() throws Exception {
    HttpResponse<String> none = harness.post("/v1/chat/completions", GatewayHarness.chat("free", false));
    HttpResponse<String> wrong = harness.post("/v1/chat/completions", GatewayHarness.chat("free", false),
        "Authorization", "Bearer sk-wrong");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    JsonNode error = Json.MAPPER.readTree(wrong.body()).path("error");
    assertThat(error.path("type").asString()).isEqualTo("auth_error");
    assertThat(error.path("message").asString()).contains("Invalid API key").doesNotContain("sk-wrong");
    assertThat(harness.upstream.calls("free")).isZero();
  }

  @Test
  void masterKeyIsAcceptedAsBearerOrAsLiteLlmHeader() throws Exception {
    assertThat(harness.call("free", false, "Authorization", BEARER).status()).isEqualTo(200);
    assertThat(harness.call("free", false, "x-litellm-api-key", MASTER_KEY).status()).isEqualTo(200);
  }

  @Test
  void healthRoutesNeedNoKeyButMetricsAndModelsDo() throws Exception {
    assertThat(harness.get("/health/liveliness").body()).isEqualTo("\"I'm alive!\"");
    assertThat(harness.get("/health/liveness").statusCode()).isEqualTo(200);
    JsonNode readiness = Json.MAPPER.readTree(harness.get("/health/readiness").body());
    assertThat(readiness.path("status").asString()).isEqualTo("healthy");
    assertThat(harness.get("/metrics").statusCode()).isEqualTo(401);
    assertThat(harness.get("/v1/models").statusCode()).isEqualTo(401);
    assertThat(harness.get("/metrics", "Authorization", BEARER).statusCode()).isEqualTo(200);
  }

  @Test
  void metricsCanBeOpenedWithRequireAuthForMetricsEndpointFalse() throws Exception {
    try (GatewayHarness open = GatewayHarness.start("""
        model_list:
          - model_name: m
            litellm_params: {model: openai/m, api_base: "${m}"}
        general_settings: {master_key: sk-abc}
        litellm_settings: {require_auth_for_metrics_endpoint: false}
        """)) {
      assertThat(open.get("/metrics").statusCode()).isEqualTo(200);
      assertThat(open.get("/v1/models").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void modelsListsEveryModelNameOnceInOpenAisShape() throws Exception {
    for (String path : new String[] {"/v1/models", "/models"}) {
      JsonNode list = Json.MAPPER.readTree(harness.get(path, "Authorization", BEARER).body());
      assertThat(list.path("object").asString()).isEqualTo("list");
      assertThat(list.path("data").findValuesAsString("id")).containsExactly("free", "cheap", "priced", "reported", "embed");
      assertThat(list.path("data").path(0).path("object").asString()).isEqualTo("model");
    }
  }

  @Test
  void responseCarriesLiteLlmHeaders() throws Exception {
    GatewayHarness.Answer answer = harness.call("free", false, "Authorization", BEARER, "x-litellm-call-id", "call-42");

    assertThat(answer.header("x-litellm-call-id")).isEqualTo("call-42");
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("free");
    assertThat(answer.header("x-litellm-model-api-base")).isEqualTo(harness.upstream.baseUrl("free"));
    assertThat(answer.header("x-litellm-model-id")).matches("[0-9a-f]{64}");
    assertThat(answer.header("x-litellm-attempted-retries")).isEqualTo("0");
    assertThat(answer.header("x-litellm-attempted-fallbacks")).isEqualTo("0");
    assertThat(Double.parseDouble(answer.header("x-litellm-overhead-duration-ms"))).isGreaterThanOrEqualTo(0);
    assertThat(answer.header("x-litellm-response-cost")).isEqualTo("0.0");
  }

  @Test
  void upstreamGetsItsOwnModelNameAndKeyNeverTheMasterKey() throws Exception {
    harness.call("free", false, "Authorization", BEARER);

    Received call = harness.upstream.received("free").get(0);
    assertThat(call.body().path("model").asString()).isEqualTo("qwen/qwen3-coder:free");
    assertThat(call.header("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
    assertThat(call.path()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void costComesFromConfigPricesThenOpenRouterUsageCostThenTheBundledTable() throws Exception {
    harness.upstream.script("priced", Reply.ok("a b c d").withPromptTokens(100));
    harness.upstream.script("reported", Reply.ok("x").withCost(0.0123));
    harness.upstream.script("cheap", Reply.ok("a b").withPromptTokens(1000));

    double priced = Double.parseDouble(harness.call("priced", false, "Authorization", BEARER).header("x-litellm-response-cost"));
    double reported = Double.parseDouble(harness.call("reported", false, "Authorization", BEARER).header("x-litellm-response-cost"));
    double cheap = Double.parseDouble(harness.call("cheap", false, "Authorization", BEARER).header("x-litellm-response-cost"));

    assertThat(priced).isCloseTo(100 * 0.001 + 4 * 0.002, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(reported).isEqualTo(0.0123);
    assertThat(cheap).as("qwen-turbo from the bundled table").isCloseTo(1000 * 5e-8 + 2 * 2e-7,
        org.assertj.core.data.Offset.offset(1e-15));
    String metrics = harness.metrics("Authorization", BEARER);
    assertThat(PromText.sum(metrics, "litellm_spend_metric_total")).isCloseTo(priced + reported + cheap,
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void streamWithoutIncludeUsageHidesTheUsageChunkButTheGatewayStillCountsTokens() throws Exception {
    harness.upstream.script("free", Reply.stream("one", " two", " three").withPromptTokens(7));

    GatewayHarness.Answer answer = harness.call("free", true, "Authorization", BEARER);

    assertThat(answer.text()).isEqualTo("one two three");
    assertThat(answer.events()).noneMatch(e -> e.has("usage"));
    assertThat(harness.upstream.received("free").get(0).body().path("stream_options").path("include_usage").asBoolean())
        .as("the gateway asks for usage itself").isTrue();
    String metrics = harness.metrics("Authorization", BEARER);
    assertThat(PromText.sum(metrics, "litellm_input_tokens_metric_total", Map.of("requested_model", "free"))).isEqualTo(7);
    assertThat(PromText.sum(metrics, "litellm_output_tokens_metric_total", Map.of("requested_model", "free"))).isEqualTo(3);
  }

  @Test
  void streamWithIncludeUsageGetsTheUsageChunk() throws Exception {
    harness.upstream.script("free", Reply.stream("one", " two").withPromptTokens(5));
    String body = """
        {"model":"free","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""";

    GatewayHarness.Answer answer = harness.send(body, "Authorization", BEARER);

    JsonNode last = answer.events().get(answer.events().size() - 1);
    assertThat(last.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
    assertThat(last.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void streamIsPassedThroughAsItArrivesNotBuffered() throws Exception {
    CountDownLatch upstreamMayContinue = new CountDownLatch(1);
    harness.upstream.script("free", Reply.stream("first", " second").holdingAfterFirstToken(upstreamMayContinue));

    HttpResponse<InputStream> response = harness.postStreaming("/v1/chat/completions",
        GatewayHarness.chat("free", true), "Authorization", BEARER);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String firstContent = null;
      String line;
      while (firstContent == null && (line = reader.readLine()) != null) {
        if (line.contains("\"first\"")) {
          firstContent = line;
        }
      }
      // The upstream is still holding the rest of its stream: the first token got here on its own.
      assertThat(firstContent).isNotNull();
      assertThat(upstreamMayContinue.getCount()).isEqualTo(1);
      upstreamMayContinue.countDown();
      StringBuilder rest = new StringBuilder();
      while ((line = reader.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(rest.toString()).contains("\" second\"", "data: [DONE]");
    }
  }

  @Test
  void keepAliveCommentsBeforeContentDoNotCommitTheStream() throws Exception {
    harness.upstream.script("free", Reply.stream("hi").withKeepAlive());

    GatewayHarness.Answer answer = harness.call("free", true, "Authorization", BEARER);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("hi");
  }

  @Test
  void embeddingsAreRoutedLikeChat() throws Exception {
    HttpResponse<String> response = harness.post("/v1/embeddings",
        "{\"model\":\"embed\",\"input\":[\"a\",\"b\"]}", "Authorization", BEARER);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("data").size()).isEqualTo(2);
    assertThat(harness.upstream.received("embed").get(0).path()).isEqualTo("/v1/embeddings");
    assertThat(harness.upstream.received("embed").get(0).body().path("model").asString()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void secretsNeverAppearInMetrics() throws Exception {
    harness.call("free", false, "Authorization", BEARER);
    harness.call("free", false, "Authorization", "Bearer sk-wrong-key-123");

    String metrics = harness.metrics("Authorization", BEARER);

    assertThat(metrics).doesNotContain(MASTER_KEY).doesNotContain(UPSTREAM_KEY).doesNotContain("sk-wrong-key-123");
    assertThat(metrics).doesNotContain(dev.lantern.common.secret.Secrets.sha256Hex(MASTER_KEY));
    assertThat(PromText.sum(metrics, "litellm_proxy_total_requests_metric_total", Map.of("status_code", "200")))
        .isEqualTo(1);
  }

  @Test
  void upstreamErrorsNeverEchoTheUpstreamKey() throws Exception {
    harness.upstream.script("cheap", Reply.status(401, "Invalid key " + UPSTREAM_KEY));

    GatewayHarness.Answer answer = harness.call("cheap", false, "Authorization", BEARER);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body().toString()).doesNotContain(UPSTREAM_KEY).contains("[redacted]");
  }

  @Test
  void secretsNeverReachTheLog() throws Exception {
    harness.upstream.script("cheap", Reply.status(401, "Invalid key " + UPSTREAM_KEY));
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      harness.call("cheap", false, "Authorization", BEARER);
      harness.call("free", false, "Authorization", "Bearer sk-wrong-key-123");
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(log).as("the failed call is logged").contains("failed with 401");
    assertThat(log).doesNotContain(UPSTREAM_KEY).doesNotContain(MASTER_KEY).doesNotContain("sk-wrong-key-123");
  }

  @Test
  void missingUpstreamKeyExplainsWhichVariableToSet() throws Exception {
    try (GatewayHarness keyless = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openrouter/qwen/qwen3-coder:free, api_key: os.environ/OPENROUTER_API_KEY}
        """)) {
      GatewayHarness.Answer answer = keyless.call("free", false);

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.body().path("error").path("message").asString())
          .contains("OPENROUTER_API_KEY", "set the environment variable");
    }
  }
}
