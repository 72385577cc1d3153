package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code router_settings.enable_pre_call_checks}: a request goes only to deployments that can take
 * it (context window from model_info, tools), and a deployment that refused tools is skipped for
 * tool requests for its cooldown time, instead of failing the request there.
 */
class PreCallChecksTest {
  private static final String LONG_PROMPT = "word ".repeat(400); // about 500 tokens
  private GatewayHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private GatewayHarness start(boolean checks) {
    return start(checks, 60);
  }

  private GatewayHarness start(boolean checks, int cooldownSeconds) {
    harness = GatewayHarness.start("""
        model_list:
          - model_name: chat
            litellm_params: {model: openai/small-model, api_base: "${small}"}
            model_info: {max_input_tokens: 100}
          - model_name: chat
            litellm_params: {model: openai/large-model, api_base: "${large}"}
          - model_name: tiny
            litellm_params: {model: openai/tiny-model, api_base: "${tiny}"}
            model_info: {max_input_tokens: 100}
          - model_name: big
            litellm_params: {model: openai/big-model, api_base: "${big}"}
          - model_name: agent
            litellm_params: {model: openai/plain-model, api_base: "${plain}"}
            model_info: {supports_function_calling: false}
          - model_name: agent
            litellm_params: {model: openai/tools-model, api_base: "${tools}"}
          - model_name: learn
            litellm_params: {model: openai/picky-model, api_base: "${picky}"}
          - model_name: learn
            litellm_params: {model: openai/able-model, api_base: "${able}"}
        router_settings:
          num_retries: 0
          enable_pre_call_checks: %s
          cooldown_time: %d
          context_window_fallbacks: [{tiny: [big]}]
        """.formatted(checks, cooldownSeconds));
    return harness;
  }

  private static String body(String model, String prompt, boolean tools) {
    String toolList = tools ? ", \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_pods\", "
        + "\"parameters\": {\"type\": \"object\", \"properties\": {}}}}]" : "";
    return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}]"
        + toolList + "}";
  }

  @Test
  void aPromptLongerThanADeploymentsWindowGoesToOneThatFits() throws Exception {
    start(true);

    for (int i = 0; i < 8; i++) {
      assertThat(harness.send(body("chat", LONG_PROMPT, false)).status()).isEqualTo(200);
    }

    assertThat(harness.upstream.calls("small")).isZero();
    assertThat(harness.upstream.calls("large")).isEqualTo(8);
  }

  @Test
  void aGroupWhoseWindowsAreAllTooSmallTakesItsContextWindowFallback() throws Exception {
    start(true);

    GatewayHarness.Answer longOne = harness.send(body("tiny", LONG_PROMPT, false));
    GatewayHarness.Answer shortOne = harness.send(body("tiny", "hi", false));

    assertThat(longOne.status()).isEqualTo(200);
    assertThat(longOne.headers().get("x-litellm-model-group")).isEqualTo("big");
    assertThat(shortOne.headers().get("x-litellm-model-group")).isEqualTo("tiny");
    assertThat(harness.upstream.calls("tiny")).isEqualTo(1);
  }

  @Test
  void aRequestWithToolsSkipsDeploymentsMarkedAsNotSupportingThem() throws Exception {
    start(true);

    for (int i = 0; i < 8; i++) {
      assertThat(harness.send(body("agent", "list pods", true)).status()).isEqualTo(200);
    }

    assertThat(harness.upstream.calls("plain")).isZero();
    assertThat(harness.upstream.calls("tools")).isEqualTo(8);
  }

  @Test
  void aDeploymentThatRefusedToolsIsSkippedForToolRequestsAndTheRequestStillSucceeds() throws Exception {
    start(true);
    harness.upstream.respondWith("picky", body -> body.has("tools")
        ? Reply.status(404, "No endpoints found that support tool use.") : Reply.ok("plain answer"));

    for (int i = 0; i < 10; i++) {
      assertThat(harness.send(body("learn", "list pods", true)).status()).isEqualTo(200);
    }
    int withoutTools = 0;
    for (int i = 0; i < 10; i++) {
      withoutTools += harness.send(body("learn", "hi", false)).status() == 200 ? 1 : 0;
    }

    assertThat(harness.upstream.received("picky").stream().filter(r -> r.body().has("tools")).count())
        .as("after one refusal it is never asked for tools again").isLessThanOrEqualTo(1);
    assertThat(withoutTools).isEqualTo(10);
    assertThat(harness.upstream.calls("able")).isGreaterThanOrEqualTo(10);
  }

  @Test
  void withNoCooldownARefusalOfToolsIsStillTriedOnlyOncePerRequest() throws Exception {
    start(true, 0);
    harness.upstream.respondWith("picky", body -> Reply.status(404, "No endpoints found that support tool use."));
    harness.upstream.respondWith("able", body -> Reply.status(404, "No endpoints found that support tool use."));

    GatewayHarness.Answer answer = harness.send(body("learn", "list pods", true));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("error").path("message").asString()).contains("does not support tools");
    assertThat(harness.upstream.calls("picky")).isEqualTo(1);
    assertThat(harness.upstream.calls("able")).isEqualTo(1);
  }

  @Test
  void withoutTheChecksTheSmallWindowIsTriedAndFails() throws Exception {
    start(false);
    harness.upstream.respondWith("small", body -> Reply.status(400, "This model's maximum context length is 100 tokens"));

    int failed = 0;
    for (int i = 0; i < 8; i++) {
      failed += harness.send(body("chat", LONG_PROMPT, false)).status() == 400 ? 1 : 0;
    }

    assertThat(harness.upstream.calls("small")).isPositive();
    assertThat(failed).isPositive();
  }
}
