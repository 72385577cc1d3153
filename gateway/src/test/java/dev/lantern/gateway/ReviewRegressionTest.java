package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.PromText;
import dev.lantern.testkit.Reply;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Regressions found in review of the gateway's first version, one test each, named after what
 * users depend on.
 */
class ReviewRegressionTest {
  private static final String ONE_MODEL = """
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, api_base: "${a}"}
        """;
  private static final String A_FALLS_BACK_TO_B = """
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, api_base: "${a}"}
          - model_name: b
            litellm_params: {model: openai/b, api_base: "${b}"}
        router_settings: {num_retries: 0, fallbacks: [{a: [b]}]}
        """;

  @Test
  void aClientsBadRequestsDoNotCoolTheModelDownForEveryoneElse() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: m
            litellm_params: {model: openai/m, api_base: "${m}"}
        router_settings: {allowed_fails: 2}
        """)) {
      for (int i = 0; i < 3; i++) {
        harness.upstream.script("m", Reply.status(400, "Invalid value for 'tool_choice'"));
        assertThat(harness.call("m", false).status()).isEqualTo(400);
      }

      assertThat(harness.call("m", false).status()).as("another client's valid call").isEqualTo(200);
    }
  }

  @Test
  void embeddingsOnAChatOnlyModelAre400AndDoNotCoolItDown() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: chat
            litellm_params: {model: openai/chat, api_base: "${chat}"}
        """)) {
      harness.upstream.script("chat", Reply.status(404, "Not found"));

      HttpResponse<String> embeddings = harness.post("/v1/embeddings", "{\"model\":\"chat\",\"input\":\"x\"}");

      assertThat(embeddings.statusCode()).isEqualTo(400);
      assertThat(embeddings.body()).contains("does not serve embeddings");
      assertThat(harness.call("chat", false).status()).isEqualTo(200);
    }
  }

  @Test
  void aWholeAnswerToAStreamRequestIsRelayedAsAStream() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(ONE_MODEL)) {
      harness.upstream.script("a", Reply.raw(200, """
          {"id": "chatcmpl-1", "object": "chat.completion", "created": 1764700000, "model": "a",
           "choices": [{"index": 0, "finish_reason": "stop",
             "message": {"role": "assistant", "content": "Hello whole", "refusal": null}}],
           "usage": {"prompt_tokens": 7, "completion_tokens": 2, "total_tokens": 9}}"""),
          Reply.raw(200, """
          {"id": "chatcmpl-2", "object": "chat.completion", "model": "a",
           "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
             "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "pods_list", "arguments": "{}"}}]}}]}"""));

      GatewayHarness.Answer text = harness.call("a", true);
      GatewayHarness.Answer tools = harness.call("a", true);

      assertThat(text.status()).isEqualTo(200);
      assertThat(text.header("content-type")).startsWith("text/event-stream");
      assertThat(text.text()).isEqualTo("Hello whole");
      assertThat(text.endedWithError()).isFalse();
      assertThat(text.events()).anySatisfy(e -> assertThat(e.path("choices").path(0).path("finish_reason").asString())
          .isEqualTo("stop"));
      JsonNode call = tools.events().get(0).path("choices").path(0).path("delta").path("tool_calls").path(0);
      assertThat(call.path("index").asInt(-1)).isZero();
      assertThat(call.path("function").path("name").asString()).isEqualTo("pods_list");
      assertThat(tools.events()).anySatisfy(e -> assertThat(e.path("choices").path(0).path("finish_reason").asString())
          .isEqualTo("tool_calls"));
      assertThat(PromText.sum(harness.metrics(), "litellm_total_tokens_metric_total")).as("the upstream's usage was counted")
          .isGreaterThanOrEqualTo(9.0);
    }
  }

  @Test
  void anEmptyStreamIsAFailureThatFallsBack() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(A_FALLS_BACK_TO_B)) {
      harness.upstream.script("a", Reply.emptyStream());

      GatewayHarness.Answer answer = harness.call("a", true);

      assertThat(answer.text()).isEqualTo("Hello from b");
    }
  }

  @Test
  void aStreamCutShortWithoutErrorEndsWithAnErrorEvent() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(ONE_MODEL)) {
      harness.upstream.script("a", Reply.streamCut(1, "half", " never"));

      GatewayHarness.Answer answer = harness.call("a", true);

      assertThat(answer.text()).isEqualTo("half");
      assertThat(answer.endedWithError()).isTrue();
    }
  }

  @Test
  void aFinishedStreamWithoutDoneGetsDoneFromTheGateway() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(ONE_MODEL)) {
      harness.upstream.script("a", Reply.streamWithoutDone("all", " of it"));

      HttpResponse<String> response = harness.post("/v1/chat/completions", GatewayHarness.chat("a", true));

      assertThat(response.body()).contains("\"all\"", "\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void dropParamsFiltersEachAttemptSoAFallbackStillGetsItsOwnParameters() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: local
            litellm_params: {model: hosted_vllm/q, api_base: "${local}"}
          - model_name: remote
            litellm_params: {model: openrouter/x/y, api_base: "${remote}", api_key: k}
        router_settings: {num_retries: 0, fallbacks: [{local: [remote]}]}
        litellm_settings: {drop_params: true}
        """)) {
      harness.upstream.script("local", Reply.status(503, "busy"));

      harness.send("{\"model\":\"local\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"transforms\":[\"middle-out\"]}");

      assertThat(harness.upstream.received("local").get(0).body().has("transforms")).isFalse();
      assertThat(harness.upstream.received("remote").get(0).body().path("transforms").get(0).asString())
          .isEqualTo("middle-out");
    }
  }

  @Test
  void identicalModelListEntriesKeepMetricsWorking() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: m
            litellm_params: {model: openai/m, api_base: "${m}"}
          - model_name: m
            litellm_params: {model: openai/m, api_base: "${m}"}
        """)) {
      harness.call("m", false);

      HttpResponse<String> metrics = harness.get("/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(PromText.sum(metrics.body(), "litellm_deployment_state")).isZero();
    }
  }

  @Test
  void aRedirectingApiBaseFallsBackAndSaysWhatToFix() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(A_FALLS_BACK_TO_B)) {
      harness.upstream.script("a", Reply.status(301, "moved"));

      GatewayHarness.Answer answer = harness.call("a", false);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("x-litellm-model-group")).isEqualTo("b");
    }
  }

  @Test
  void anErrorWhoseMessageIsNotTextIsStillAnOrdinaryFailure() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, api_base: "${a}"}
        router_settings: {num_retries: 0}
        """)) {
      harness.upstream.script("a", Reply.raw(200, "{\"error\":{\"message\":{\"detail\":\"x\"},\"code\":500}}"));

      GatewayHarness.Answer answer = harness.call("a", false);

      assertThat(answer.status()).isEqualTo(500);
      assertThat(answer.body().path("error").path("message").asString()).contains("detail");
    }
  }

  @Test
  void credentialsInApiBaseNeverReachClientsOrMetrics() throws Exception {
    dev.lantern.testkit.FakeOpenAi upstream = dev.lantern.testkit.FakeOpenAi.start();
    String withCredentials = upstream.baseUrl("a").replace("http://", "http://bob:s3cret-pass@");
    try (GatewayHarness harness = GatewayHarness.start(upstream, """
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, api_base: "%s"}
        """.formatted(withCredentials))) {
      GatewayHarness.Answer answer = harness.call("a", false);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("x-litellm-model-api-base")).doesNotContain("s3cret").doesNotContain("bob");
      assertThat(harness.metrics()).doesNotContain("s3cret");
      assertThat(harness.upstream.received("a").get(0).header("authorization")).startsWith("Basic ");
    }
  }

  @Test
  void theLiteLlmKeyHeaderWinsOverAuthorization() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, api_base: "${a}"}
        general_settings: {master_key: sk-master}
        """)) {
      GatewayHarness.Answer answer = harness.call("a", false,
          "Authorization", "Bearer token-for-a-proxy-in-front", "x-litellm-api-key", "sk-master");

      assertThat(answer.status()).isEqualTo(200);
    }
  }

  @Test
  void theKeyLabelCannotBeTestedAgainstGuesses() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, api_base: "${a}"}
        general_settings: {master_key: sk-1234}
        litellm_settings: {require_auth_for_metrics_endpoint: false}
        """)) {
      harness.call("a", false, "Authorization", "Bearer sk-1234");
      harness.call("a", false, "Authorization", "Bearer sk-1234");

      String metrics = harness.metrics();

      assertThat(metrics).doesNotContain(dev.lantern.common.secret.Secrets.sha256Hex("sk-1234"));
      assertThat(PromText.sum(metrics, "litellm_proxy_total_requests_metric_total", Map.of("status_code", "200")))
          .as("one stable label value for the key").isEqualTo(2);
    }
  }
}
