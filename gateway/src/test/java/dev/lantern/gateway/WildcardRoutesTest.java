package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.PromText;
import dev.lantern.testkit.Reply;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * LiteLLM's wildcard routes serve real traffic: {@code model_name: "*"} passes any name through to
 * its provider, a provider wildcard ({@code "anthropic/*"} style) passes what follows the prefix,
 * an exact name always wins, and a fallback may go to a name only a wildcard serves.
 */
class WildcardRoutesTest {
  private static final String MASTER = "sk-wildcard-master";
  private static final String CONFIG = """
      model_list:
        - model_name: free
          litellm_params: {model: openai/free-model, api_base: "${free}", api_key: sk-up}
        - model_name: gpt-4o
          litellm_params: {model: openai/exact-gpt-4o, api_base: "${exact}", api_key: sk-up}
        - model_name: "*"
          litellm_params: {model: "openai/*", api_base: "${any}", api_key: sk-up}
        - model_name: "groq/*"
          litellm_params: {model: "openai/*", api_base: "${groqish}", api_key: sk-up}
        - model_name: "groq/llama-*-fast"
          litellm_params: {model: "openai/llama-*-instant", api_base: "${fast}", api_key: sk-up}
        - model_name: claude-batch
          litellm_params: {model: bedrock/anthropic.claude-haiku}
        - model_name: "azure/*"
          litellm_params: {model: "azure/*", api_base: "%s", api_key: azure-key, api_version: "2024-10-21"}
      router_settings:
        num_retries: 0
        fallbacks: [{free: ["gpt-4o-mini"]}]
      general_settings: {master_key: %s}
      """;

  private GatewayHarness harness;

  @BeforeEach
  void start() {
    FakeOpenAi upstream = FakeOpenAi.start();
    harness = GatewayHarness.start(upstream, CONFIG.formatted(upstream.root("azure"), MASTER));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void anyNameIsPassedThroughToTheCatchAllProvider(boolean stream) throws Exception {
    GatewayHarness.Answer answer = harness.call("gpt-4o-mini", stream, auth());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from any");
    assertThat(harness.upstream.received("any").get(0).body().path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("gpt-4o-mini");
  }

  @Test
  void aProviderWildcardSendsWhatFollowsThePrefix() throws Exception {
    GatewayHarness.Answer answer = harness.call("groq/mixtral-8x7b", false, auth());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(harness.upstream.received("groqish").get(0).body().path("model").asString()).isEqualTo("mixtral-8x7b");
    assertThat(harness.upstream.calls("any")).as("the longer pattern wins over *").isZero();
  }

  @Test
  void theMostSpecificPatternWinsAndFillsEachWildcardInOrder() throws Exception {
    assertThat(harness.call("groq/llama-3.1-8b-fast", false, auth()).status()).isEqualTo(200);

    assertThat(harness.upstream.received("fast").get(0).body().path("model").asString())
        .isEqualTo("llama-3.1-8b-instant");
  }

  @Test
  void anExactModelNameWinsOverEveryWildcard() throws Exception {
    assertThat(harness.call("gpt-4o", false, auth()).text()).isEqualTo("Hello from exact");

    assertThat(harness.upstream.received("exact").get(0).body().path("model").asString()).isEqualTo("exact-gpt-4o");
    assertThat(harness.upstream.calls("any")).isZero();
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void aFallbackOnlyTheWildcardServesIsTaken(boolean stream) throws Exception {
    harness.upstream.script("free", Reply.status(429, "free quota used up"));

    GatewayHarness.Answer answer = harness.call("free", stream, auth());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from any");
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("gpt-4o-mini");
    assertThat(harness.upstream.received("any").get(0).body().path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(PromText.sum(harness.metrics(auth()), "litellm_deployment_successful_fallbacks_total",
        Map.of("requested_model", "free", "fallback_model", "gpt-4o-mini"))).isEqualTo(1);
  }

  @Test
  void anAzureWildcardNamesTheDeploymentInTheUrl() throws Exception {
    assertThat(harness.call("azure/gpt-4o-prod", false, auth()).status()).isEqualTo(200);

    assertThat(harness.upstream.received("azure").get(0).path())
        .isEqualTo("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21");
  }

  @Test
  void aModelTheUpstreamDoesNotKnowIsTheCallersMistakeAndDoesNotTakeTheRouteDown() throws Exception {
    harness.upstream.script("any", Reply.status(404, "The model `no-such-model` does not exist"));

    GatewayHarness.Answer unknown = harness.call("no-such-model", false, auth());
    GatewayHarness.Answer next = harness.call("gpt-4o-mini", false, auth());

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("error").path("message").asString()).contains("does not exist");
    assertThat(next.status()).as("the wildcard route is not cooling down").isEqualTo(200);
    assertThat(PromText.sum(harness.metrics(auth()), "litellm_deployment_cooled_down_total")).isZero();
  }

  @Test
  void aRejectedKeyOnAWildcardRouteStillCoolsItDown() throws Exception {
    harness.upstream.script("groqish", Reply.status(401, "invalid api key"));

    assertThat(harness.call("groq/llama-a", false, auth()).status()).isEqualTo(401);
    GatewayHarness.Answer next = harness.call("groq/llama-b", false, auth());

    assertThat(next.status()).as("the key is bad for every name the route serves").isEqualTo(429);
    assertThat(harness.upstream.calls("groqish")).isEqualTo(1);
  }

  @Test
  void aNameWhoseEntriesWereSkippedIsNotQuietlyServedByTheWildcard() throws Exception {
    GatewayHarness.Answer answer = harness.call("claude-batch", false, auth());

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.body().path("error").path("message").asString()).contains("No deployments available for model "
        + "'claude-batch'");
    assertThat(harness.upstream.calls("any")).isZero();
  }

  @Test
  void theCatchAllWithoutABaseDoesNotReachServersOnThisMachine() throws Exception {
    try (GatewayHarness catchAll = GatewayHarness.start("""
        model_list:
          - {model_name: "*", litellm_params: {model: "*"}}
        """)) {
      GatewayHarness.Answer answer = catchAll.call("ollama/llama3.2", false);

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body().path("error").path("message").asString()).contains("hosted providers only");
    }
  }

  @Test
  void aPatternIsNotAModelAClientCanAskFor() throws Exception {
    GatewayHarness.Answer answer = harness.call("*", false, auth());

    assertThat(answer.status()).isEqualTo(404);
    assertThat(harness.upstream.calls("any")).isZero();
  }

  @Test
  void aKeysPatternMustMatchTheWholeNameAsInLiteLlm() throws Exception {
    String key = Json.MAPPER.readTree(harness.post("/key/generate", "{\"models\": [\"*-mini\"]}", auth()).body())
        .path("key").asString();

    assertThat(harness.call("gpt-4o-mini", false, "Authorization", "Bearer " + key).status()).isEqualTo(200);
    assertThat(harness.call("gpt-4o-mini-search", false, "Authorization", "Bearer " + key).status()).isEqualTo(401);
  }

  @Test
  void liteLlmsCatchAllSendsEachNameToTheProviderItsPrefixNames() throws Exception {
    try (GatewayHarness catchAll = GatewayHarness.start("""
        model_list:
          - model_name: "*"
            litellm_params: {model: "*", api_base: "${all}", api_key: sk-up}
        """)) {
      GatewayHarness.Answer groq = catchAll.call("groq/llama-3.3-70b", false);
      GatewayHarness.Answer bare = catchAll.call("gpt-4o", true);
      GatewayHarness.Answer unknown = catchAll.call("mystery/model-1", false);

      assertThat(groq.status()).isEqualTo(200);
      assertThat(bare.text()).isEqualTo("Hello from all");
      assertThat(catchAll.upstream.received("all")).extracting(call -> call.body().path("model").asString())
          .containsExactly("llama-3.3-70b", "gpt-4o");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body().path("error").path("message").asString())
          .contains("provider 'mystery' is not one Lantern or LiteLLM knows");
    }
  }

  @Test
  void theModelListShowsNamesNotPatterns() throws Exception {
    JsonNode list = Json.MAPPER.readTree(harness.get("/v1/models", auth()).body());

    Set<String> ids = new HashSet<>();
    list.path("data").forEach(model -> ids.add(model.path("id").asString()));
    assertThat(ids).containsExactlyInAnyOrder("free", "gpt-4o");
  }

  @Test
  void aKeyLimitedToAProviderPatternReachesItsModelsOnly() throws Exception {
    String key = Json.MAPPER.readTree(harness.post("/key/generate", "{\"models\": [\"groq/*\"]}", auth()).body())
        .path("key").asString();

    assertThat(harness.call("groq/mixtral-8x7b", false, "Authorization", "Bearer " + key).status()).isEqualTo(200);
    assertThat(harness.call("gpt-4o-mini", false, "Authorization", "Bearer " + key).status()).isEqualTo(401);
  }

  @Test
  void namesClientsInventThroughAWildcardCannotGrowTheMetricsWithoutBound() throws Exception {
    for (int i = 0; i < 100; i++) {
      assertThat(harness.call("made-up-model-" + i, false, auth()).status()).isEqualTo(200);
    }

    String exposition = harness.metrics(auth());
    Set<String> requested = new HashSet<>();
    Matcher m = Pattern.compile("litellm_proxy_total_requests_metric_total\\{[^}]*requested_model=\"([^\"]*)\"")
        .matcher(exposition);
    while (m.find()) {
      requested.add(m.group(1));
    }
    assertThat(requested).hasSizeLessThanOrEqualTo(65).contains("other").contains("made-up-model-0");
    assertThat(PromText.sum(exposition, "litellm_proxy_total_requests_metric_total")).isEqualTo(100);
  }

  private static String[] auth() {
    return new String[] {"Authorization", "Bearer " + MASTER};
  }
}
