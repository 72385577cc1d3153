package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every routing rule of the gateway against a fault-injecting upstream, for whole and streamed
 * calls alike: what the client receives, the LiteLLM headers and the metrics.
 */
class RoutingRulesTest {
  private static final String CONFIG = """
      model_list:
        - model_name: free
          litellm_params: {model: openai/free-model, api_base: "${free}", api_key: sk-upstream}
        - model_name: free2
          litellm_params: {model: openai/free2-model, api_base: "${free2}", api_key: sk-upstream}
        - model_name: cheap
          litellm_params: {model: openai/cheap-model, api_base: "${cheap}", api_key: sk-upstream}
        - model_name: big
          litellm_params: {model: openai/big-model, api_base: "${big}", api_key: sk-upstream}
        - model_name: safe
          litellm_params: {model: openai/safe-model, api_base: "${safe}", api_key: sk-upstream}
        - model_name: pair
          litellm_params: {model: openai/pair-a, api_base: "${pair-a}", api_key: sk-upstream, weight: 1}
        - model_name: pair
          litellm_params: {model: openai/pair-b, api_base: "${pair-b}", api_key: sk-upstream, weight: 0}
        - model_name: solo
          litellm_params: {model: openai/solo-model, api_base: "${solo}", api_key: sk-upstream, timeout: 1}
      router_settings:
        num_retries: 1
        allowed_fails: 100
        fallbacks: [{free: [free2]}, {free2: [cheap]}]
        context_window_fallbacks: [{free: [big]}]
        content_policy_fallbacks: [{free: [safe]}]
        timeout: 1
        stream_timeout: 1
      """;

  private GatewayHarness harness;

  @BeforeEach
  void start() {
    harness = GatewayHarness.start(CONFIG);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void rateLimitedFreeModelFallsBackToFree2WithoutRetrying(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.status(429, "Rate limit exceeded: free-models-per-day"));

    GatewayHarness.Answer answer = harness.call("free", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from free2");
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("free2");
    assertThat(answer.header("x-litellm-attempted-fallbacks")).isEqualTo("1");
    assertThat(answer.header("x-litellm-attempted-retries")).isEqualTo("0");
    assertThat(harness.upstream.calls("free")).as("a 429 with fallbacks moves on at once").isEqualTo(1);
    assertThat(harness.metric("litellm_deployment_successful_fallbacks_total",
        Map.of("requested_model", "free", "fallback_model", "free2", "exception_status", "429"))).isEqualTo(1);
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void chainIsFollowedFreeToFree2ToCheap(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.status(500, "boom"), Reply.status(500, "boom"));
    harness.upstream.script("free2", Reply.status(503, "overloaded"), Reply.status(503, "overloaded"));

    GatewayHarness.Answer answer = harness.call("free", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from cheap");
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("cheap");
    assertThat(answer.header("x-litellm-attempted-fallbacks")).isEqualTo("2");
    assertThat(harness.upstream.calls("free")).as("each group runs its own retries").isEqualTo(2);
    assertThat(harness.upstream.calls("free2")).isEqualTo(2);
    assertThat(harness.upstream.calls("cheap")).isEqualTo(1);
    String metrics = harness.metrics();
    assertThat(dev.lantern.testkit.PromText.sum(metrics, "litellm_deployment_failed_fallbacks_total",
        Map.of("requested_model", "free", "fallback_model", "free2"))).as("free2 itself failed").isEqualTo(1);
    assertThat(dev.lantern.testkit.PromText.sum(metrics, "litellm_deployment_successful_fallbacks_total",
        Map.of("requested_model", "free", "fallback_model", "cheap"))).isEqualTo(1);
    assertThat(dev.lantern.testkit.PromText.sum(metrics, "litellm_deployment_successful_fallbacks_total",
        Map.of("fallback_model", "free2"))).isZero();
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void serverErrorIsRetriedWithBackoffWhenNoOtherDeploymentIsHealthy(boolean stream) throws Exception {
    harness.upstream.script("solo", Reply.status(503, "try later").withRetryAfter(2));

    GatewayHarness.Answer answer = harness.call("solo", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("x-litellm-attempted-retries")).isEqualTo("1");
    assertThat(harness.slept).as("Retry-After is honoured").hasSize(1);
    assertThat(harness.slept.get(0)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2500));
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void retryGoesStraightToTheOtherHealthyDeployment(boolean stream) throws Exception {
    harness.upstream.script("pair-a", Reply.status(500, "boom")); // weight 1: always picked first

    GatewayHarness.Answer answer = harness.call("pair", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from pair-b");
    assertThat(answer.header("x-litellm-attempted-retries")).isEqualTo("1");
    assertThat(harness.slept).as("another healthy deployment: no back-off").isEmpty();
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void clientErrorReturnsAtOnceWithoutRetryOrFallback(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.status(400, "Invalid value for 'tool_choice'"));

    GatewayHarness.Answer answer = harness.call("free", stream);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("error").path("message").asString()).contains("Invalid value for 'tool_choice'");
    assertThat(answer.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");
    assertThat(harness.upstream.calls("free")).isEqualTo(1);
    assertThat(harness.upstream.calls("free2")).isZero();
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void contextWindowErrorGoesToContextWindowFallbacks(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.status(400, "This model's maximum context length is 8192 tokens"));

    GatewayHarness.Answer answer = harness.call("free", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("big");
    assertThat(harness.upstream.calls("free2")).as("not the regular fallbacks").isZero();
  }

  @Test
  void contextWindowErrorWithoutFallbackSaysHowToConfigureOne() throws Exception {
    harness.upstream.script("cheap", Reply.status(400, "This model's maximum context length is 8192 tokens"));

    GatewayHarness.Answer answer = harness.call("cheap", false);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("error").path("message").asString()).contains("context_window_fallbacks");
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void contentPolicyErrorGoesToContentPolicyFallbacks(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.status(400, "Your request was rejected as a result of our safety system"));

    GatewayHarness.Answer answer = harness.call("free", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("safe");
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void timeoutFallsBack(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.ok("late").withDelay(Duration.ofSeconds(3)),
        Reply.ok("late").withDelay(Duration.ofSeconds(3)));

    GatewayHarness.Answer answer = harness.call("free", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("free2");
    assertThat(harness.metric("litellm_deployment_failure_responses_total",
        Map.of("requested_model", "free", "exception_status", "408"))).isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void connectionResetFallsBack(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.reset(), Reply.reset());

    GatewayHarness.Answer answer = harness.call("free", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from free2");
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void okStatusWithErrorBodyIsAFailureAndFallsBack(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.okWithErrorBody(429, "Provider returned error"),
        Reply.okWithErrorBody(429, "Provider returned error"));

    GatewayHarness.Answer answer = harness.call("free", stream);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("free2");
  }

  @Test
  void errorEventBeforeTheFirstContentFallsBackSilently() throws Exception {
    harness.upstream.script("free", Reply.streamErrorEvent(0, 502, "Upstream provider error", "never"),
        Reply.streamErrorEvent(0, 502, "Upstream provider error", "never"));

    GatewayHarness.Answer answer = harness.call("free", true);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from free2");
    assertThat(answer.endedWithError()).isFalse();
  }

  @Test
  void streamThatDropsAfterContentEndsWithAnErrorEventAndNoSilentSwitch() throws Exception {
    harness.upstream.script("free", Reply.streamDrop(2, "one", " two", " three"));

    GatewayHarness.Answer answer = harness.call("free", true);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("one two");
    assertThat(answer.endedWithError()).isTrue();
    assertThat(harness.upstream.calls("free2")).isZero();
  }

  @Test
  void errorEventAfterContentIsPassedOnAsAnErrorEvent() throws Exception {
    harness.upstream.script("free", Reply.streamErrorEvent(1, 500, "model crashed", "one", " two"));

    GatewayHarness.Answer answer = harness.call("free", true);

    assertThat(answer.text()).isEqualTo("one");
    assertThat(answer.endedWithError()).isTrue();
    assertThat(answer.events().get(answer.events().size() - 1).path("error").path("message").asString())
        .contains("model crashed");
  }

  @Test
  void deploymentThatKeepsFailingCoolsDownAndIsSkipped() throws Exception {
    try (GatewayHarness strict = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}"}
          - model_name: free2
            litellm_params: {model: openai/free2-model, api_base: "${free2}"}
        router_settings:
          num_retries: 0
          allowed_fails: 2
          cooldown_time: 60
          fallbacks: [{free: [free2]}]
        """)) {
      strict.upstream.script("free", Reply.status(500, "down"), Reply.status(500, "down"), Reply.status(500, "down"));

      for (int i = 0; i < 3; i++) {
        assertThat(strict.call("free", false).status()).isEqualTo(200);
      }

      assertThat(strict.upstream.calls("free")).as("the third call skips the cooled-down deployment").isEqualTo(2);
      String metrics = strict.metrics();
      assertThat(dev.lantern.testkit.PromText.sum(metrics, "litellm_deployment_cooled_down_total",
          Map.of("litellm_model_name", "openai/free-model", "exception_status", "500"))).isEqualTo(1);
      assertThat(dev.lantern.testkit.PromText.sum(metrics, "litellm_deployment_state",
          Map.of("litellm_model_name", "openai/free-model"))).isEqualTo(2);
      assertThat(dev.lantern.testkit.PromText.sum(metrics, "litellm_deployment_state",
          Map.of("litellm_model_name", "openai/free2-model"))).isEqualTo(0);
    }
  }

  @Test
  void rateLimitInAGroupOfSeveralCoolsThatDeploymentDownAtOnce() throws Exception {
    harness.upstream.script("pair-a", Reply.status(429, "slow down"));
    harness.upstream.script("pair-b", Reply.status(429, "slow down too"));

    GatewayHarness.Answer first = harness.call("pair", false);
    int callsAfterFirst = harness.upstream.calls("pair-a") + harness.upstream.calls("pair-b");
    GatewayHarness.Answer second = harness.call("pair", false);

    assertThat(first.status()).isEqualTo(429);
    assertThat(callsAfterFirst).isEqualTo(2);
    assertThat(second.status()).as("both cooled down: no deployment left").isEqualTo(429);
    assertThat(second.body().path("error").path("message").asString()).contains("No deployments available", "cooling down");
    assertThat(harness.upstream.calls("pair-a") + harness.upstream.calls("pair-b")).isEqualTo(2);
  }

  @Test
  void maxFallbacksCapsTheWalk() throws Exception {
    try (GatewayHarness capped = GatewayHarness.start("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, api_base: "${a}"}
          - model_name: b
            litellm_params: {model: openai/b, api_base: "${b}"}
          - model_name: c
            litellm_params: {model: openai/c, api_base: "${c}"}
        router_settings:
          num_retries: 0
          max_fallbacks: 1
          fallbacks: [{a: [b, c]}]
        """)) {
      capped.upstream.script("a", Reply.status(500, "a down"));
      capped.upstream.script("b", Reply.status(500, "b down"));

      GatewayHarness.Answer answer = capped.call("a", false);

      assertThat(answer.status()).isEqualTo(500);
      assertThat(answer.body().path("error").path("message").asString()).contains("a down", "b down");
      assertThat(capped.upstream.calls("c")).isZero();
      assertThat(capped.metric("litellm_deployment_failed_fallbacks_total",
          Map.of("requested_model", "a", "fallback_model", "b"))).isEqualTo(1);
    }
  }

  @Test
  void whenEverythingFailsTheClientGetsTheRequestedModelsErrorAndWhatTheFallbacksSaid() throws Exception {
    harness.upstream.script("free", Reply.status(429, "free quota"));
    harness.upstream.script("free2", Reply.status(429, "free2 quota"));
    harness.upstream.script("cheap", Reply.status(502, "cheap broke"), Reply.status(502, "cheap broke"));

    GatewayHarness.Answer answer = harness.call("free", false);

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.body().path("error").path("message").asString())
        .contains("free quota", "free2", "cheap broke");
    assertThat(answer.header("x-litellm-attempted-fallbacks")).isEqualTo("2");
    assertThat(harness.metric("litellm_proxy_failed_requests_metric_total",
        Map.of("requested_model", "free", "exception_status", "429"))).isEqualTo(1);
  }
}
