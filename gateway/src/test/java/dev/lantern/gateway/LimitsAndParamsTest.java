package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.Reply;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Per-deployment limits, default fallbacks, parameter handling and clean-up after a client leaves. */
class LimitsAndParamsTest {
  @Test
  void deploymentAtItsRpmLimitIsSkippedForItsFallback() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}", rpm: 1}
          - model_name: free2
            litellm_params: {model: openai/free2-model, api_base: "${free2}"}
        router_settings:
          fallbacks: [{free: [free2]}]
        """)) {
      GatewayHarness.Answer first = harness.call("free", false);
      GatewayHarness.Answer second = harness.call("free", false);

      assertThat(first.header("x-litellm-model-group")).isEqualTo("free");
      assertThat(second.header("x-litellm-model-group")).as("rpm: 1 is spent").isEqualTo("free2");
      assertThat(harness.upstream.calls("free")).isEqualTo(1);
    }
  }

  @Test
  void deploymentPastItsTpmLimitIsSkippedForItsFallback() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}", tpm: 10}
          - model_name: free2
            litellm_params: {model: openai/free2-model, api_base: "${free2}"}
        router_settings:
          fallbacks: [{free: [free2]}]
        """)) {
      harness.upstream.script("free", Reply.ok("one two three").withPromptTokens(20)); // 23 tokens

      GatewayHarness.Answer first = harness.call("free", false);
      GatewayHarness.Answer second = harness.call("free", false);

      assertThat(first.header("x-litellm-model-group")).isEqualTo("free");
      assertThat(second.header("x-litellm-model-group")).as("tpm: 10 is spent").isEqualTo("free2");
    }
  }

  @Test
  void maxParallelRequestsBoundsCallsInFlightPerDeployment() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}", max_parallel_requests: 1}
        router_settings: {num_retries: 0}
        """)) {
      CountDownLatch release = new CountDownLatch(1);
      harness.upstream.script("free", Reply.stream("a", "b").holdingAfterFirstToken(release));
      HttpResponse<InputStream> busy = harness.postStreaming("/v1/chat/completions", GatewayHarness.chat("free", true));
      busy.body().readNBytes(10); // the first call is now in flight

      GatewayHarness.Answer second = harness.call("free", false);

      assertThat(second.status()).isEqualTo(429);
      assertThat(second.body().path("error").path("message").asString()).contains("max_parallel_requests 1");
      release.countDown();
      busy.body().readAllBytes();
    }
  }

  @Test
  void defaultFallbacksCatchAnyGroupWithoutItsOwn() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, api_base: "${a}"}
          - model_name: safety-net
            litellm_params: {model: openai/net, api_base: "${net}"}
        router_settings:
          num_retries: 0
          default_fallbacks: [safety-net]
        """)) {
      harness.upstream.script("a", Reply.status(503, "down"));

      assertThat(harness.call("a", false).header("x-litellm-model-group")).isEqualTo("safety-net");
    }
  }

  @Test
  void dropParamsRemovesWhatTheUpstreamWouldRejectAndLiteLlmKeysNeverLeave() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: m
            litellm_params: {model: openai/m, api_base: "${m}"}
          - model_name: or
            litellm_params: {model: openrouter/x/y, api_base: "${or}", api_key: k}
        litellm_settings: {drop_params: true}
        """)) {
      String body = """
          {"model":"%s","messages":[{"role":"user","content":"x"}],"temperature":0.5,"frobnicate":true,
           "metadata":{"trace":"1"},"fallbacks":["z"],"provider":{"sort":"price"}}""";

      harness.send(body.formatted("m"));
      harness.send(body.formatted("or"));

      JsonNode plain = harness.upstream.received("m").get(0).body();
      JsonNode openrouter = harness.upstream.received("or").get(0).body();
      assertThat(plain.has("temperature")).isTrue();
      assertThat(plain.has("frobnicate")).isFalse();
      assertThat(plain.has("provider")).isFalse();
      assertThat(plain.has("metadata") || plain.has("fallbacks")).isFalse();
      assertThat(openrouter.path("provider").path("sort").asString()).as("OpenRouter's own extra").isEqualTo("price");
    }
  }

  @Test
  void withoutDropParamsUnknownParametersPassThrough() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: m
            litellm_params: {model: openai/m, api_base: "${m}"}
        """)) {
      harness.send("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_k\":40}");

      assertThat(harness.upstream.received("m").get(0).body().path("top_k").asInt()).isEqualTo(40);
    }
  }

  @Test
  void clientThatLeavesMidStreamReleasesTheUpstreamCall() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: m
            litellm_params: {model: openai/m, api_base: "${m}"}
        """)) {
      harness.upstream.script("m", Reply.stream("a", "b", "c", "d", "e", "f").withInterval(Duration.ofMillis(200)));
      HttpResponse<InputStream> response = harness.postStreaming("/v1/chat/completions", GatewayHarness.chat("m", true));
      response.body().readNBytes(20);
      response.body().close(); // the client goes away

      var deployment = harness.gateway.router().deployments("m").get(0);
      Instant deadline = Instant.now().plusSeconds(10);
      while (deployment.inFlight() > 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
      assertThat(deployment.inFlight()).as("no call is left hanging").isZero();
      assertThat(harness.call("m", false).status()).isEqualTo(200);
    }
  }

  @Test
  void clientGetsRetryAfterWhenTheUpstreamSentOne() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: m
            litellm_params: {model: openai/m, api_base: "${m}"}
        router_settings: {num_retries: 0}
        """)) {
      harness.upstream.script("m", Reply.status(429, "slow down").withRetryAfter(120));

      GatewayHarness.Answer answer = harness.call("m", false);

      assertThat(answer.status()).isEqualTo(429);
      assertThat(answer.header("retry-after")).isEqualTo("120");
      assertThat(answer.body().path("error").path("type").asString()).isEqualTo("rate_limit_error");
    }
  }
}
