package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.config.GatewayConfig;
import dev.lantern.gateway.config.LiteLlmConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A user moving from LiteLLM brings a config in the shapes LiteLLM's own examples use (Azure
 * deployments, tpm: 80_000, wildcard routes, an include, providers Lantern does not serve,
 * sections only LiteLLM has): the gateway starts on it, serves what it can, and names each entry
 * it leaves out.
 */
class MigratingFromLiteLlmTest {
  private static final Path CONFIG = dev.lantern.testkit.ExternalTool.projectRoot()
      .resolve("gateway/src/test/resources/litellm/migrating-user.yaml");

  @Test
  void aLiteLlmConfigLoadsWithItsYaml11NumbersIncludeAndWildcards() {
    GatewayConfig config = LiteLlmConfig.load(CONFIG, Map.of());

    List<DeploymentConfig> gpt4o = config.deployments().stream().filter(d -> d.modelName().equals("gpt-4o")).toList();
    assertThat(gpt4o).extracting(DeploymentConfig::tpm).allSatisfy(tpm -> assertThat(tpm).contains(80_000));
    assertThat(gpt4o.get(0).rpm()).contains(1_000);
    assertThat(gpt4o.get(0).apiVersion()).contains("2024-10-21");
    assertThat(config.modelNames()).contains("*", "anthropic/*", "groq/*", "claude", "mistral-small", "local-llama");
    assertThat(config.router().contextWindowFallbacks()).containsEntry("gpt-5-mini-eu", List.of("gpt-5.5"));
    assertThat(config.ignoredKeys()).contains("files_settings", "litellm_settings.default_team_settings",
        "model_list[3].litellm_params.region_name");
  }

  @Test
  void checkNamesTheEntriesItLeavesOutAndNothingElse() {
    List<String> warnings = Gateway.check(LiteLlmConfig.load(CONFIG, Map.of()), Map.of());

    assertThat(warnings).hasSize(5);
    assertThat(String.join("\n", warnings))
        .contains("model 'dall-e'", "no model after the provider prefix 'azure/'")
        .contains("model 'claude-batch'", "'bedrock' is a LiteLLM provider Lantern does not serve yet")
        .contains("model 'command-r'", "'cohere' is a LiteLLM provider")
        .contains("model 'llama-endpoint'", "'sagemaker' is a LiteLLM provider")
        .contains("model 'mixtral'", "did you mean mistral/mixtral-8x7b-instruct?");
  }

  @Test
  void theGatewayStartsOnItAndListsWhatItServes(@TempDir Path home) throws Exception {
    GatewayConfig config = LiteLlmConfig.load(CONFIG, Map.of("LANTERN_HOME", home.toString()));
    try (Gateway gateway = Gateway.start(config, "127.0.0.1", 0, Map.of(), dev.lantern.gateway.routing.Router.Clock.SYSTEM);
        HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/v1/models"))
          .header("Authorization", "Bearer sk-1234").build(), HttpResponse.BodyHandlers.ofString());

      assertThat(models.statusCode()).isEqualTo(200);
      List<String> ids = new ArrayList<>();
      for (JsonNode model : Json.MAPPER.readTree(models.body()).path("data")) {
        ids.add(model.path("id").asString());
      }
      assertThat(ids).contains("gpt-4o", "claude", "mistral-small", "local-llama")
          .doesNotContain("*", "groq/*")
          .as("names whose entries were all left out are not offered").doesNotContain("mixtral", "claude-batch");
    }
  }
}
