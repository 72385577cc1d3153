package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.gateway.config.LiteLlmConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A LiteLLM config with entries Lantern cannot serve (a bare provider prefix, a misspelt or
 * unknown provider, a LiteLLM provider not served yet, a server without its api_base) starts:
 * each such entry is named once with what to do, and everything else serves traffic.
 */
class UnservableEntriesTest {
  private static final String CONFIG = """
      model_list:
        - model_name: free
          litellm_params: {model: openai/free-model, api_base: "${free}", api_key: sk-up}
        - model_name: gpt
          litellm_params: {model: azure/}
        - model_name: mixtral
          litellm_params: {model: mistralai/mixtral-8x7b-instruct}
        - model_name: claude
          litellm_params: {model: bedrock/anthropic.claude-3-haiku}
        - model_name: vllm
          litellm_params: {model: hosted_vllm/qwen}
      router_settings:
        num_retries: 0
        fallbacks: [{mixtral: [free]}]
      """;

  @Test
  void checkNamesEachUnservableEntryWithWhatToDo() {
    List<String> warnings = Gateway.check(LiteLlmConfig.parse(CONFIG.replace("${free}", "http://127.0.0.1:9/v1"),
        Map.of()), Map.of());

    assertThat(warnings).hasSize(4);
    assertThat(warnings.get(0)).contains("model_list[1].litellm_params.model")
        .contains("no model after the provider prefix 'azure/'").contains("model 'gpt'").contains("is skipped");
    assertThat(warnings.get(1)).contains("model_list[2].litellm_params.model")
        .contains("provider 'mistralai' is not one Lantern or LiteLLM knows")
        .contains("did you mean mistral/mixtral-8x7b-instruct?")
        .contains("openrouter/mistralai/mixtral-8x7b-instruct");
    assertThat(warnings.get(2)).contains("provider 'bedrock' is a LiteLLM provider Lantern does not serve yet");
    assertThat(warnings.get(3)).contains("model_list[4].litellm_params").contains("api_base is required for hosted_vllm");
  }

  @Test
  void theGatewayStartsServesTheRestAndFallsBackPastAnUnservableModel() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(CONFIG)) {
      assertThat(harness.call("free", false).text()).isEqualTo("Hello from free");

      GatewayHarness.Answer mixtral = harness.call("mixtral", true);
      assertThat(mixtral.status()).isEqualTo(200);
      assertThat(mixtral.text()).isEqualTo("Hello from free");
      assertThat(mixtral.header("x-litellm-model-group")).isEqualTo("free");

      GatewayHarness.Answer gpt = harness.call("gpt", false);
      assertThat(gpt.status()).isEqualTo(429);
      assertThat(gpt.body().path("error").path("message").asString())
          .contains("No deployments available for model 'gpt'").contains("lantern gateway --check");
    }
  }
}
