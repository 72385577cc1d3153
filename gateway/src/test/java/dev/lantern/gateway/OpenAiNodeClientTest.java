package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.NodeClient;
import dev.lantern.testkit.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official OpenAI Node SDK (npm {@code openai}) against the gateway: an independent client
 * parses every answer, streamed or not, including errors, exactly as users' applications do.
 */
class OpenAiNodeClientTest {
  private static final String KEY = "sk-lantern-test";
  private static GatewayHarness harness;
  private static String base;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}"}
          - model_name: free2
            litellm_params: {model: openai/free2-model, api_base: "${free2}"}
          - model_name: embed
            litellm_params: {model: openai/embed-model, api_base: "${embed}"}
        router_settings:
          fallbacks: [{free: [free2]}]
        general_settings: {master_key: os.environ/KEY}
        """, Map.of("KEY", KEY));
    base = harness.gateway.uri() + "/v1";
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void chatCompletionParsesWithUsageAndHeaders() throws Exception {
    harness.upstream.script("free", Reply.ok("hello there").withPromptTokens(3));

    JsonNode result = NodeClient.run("openai-client.mjs", base, KEY, "chat", "free");

    assertThat(result.path("text").asString()).isEqualTo("hello there");
    assertThat(result.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
    assertThat(result.path("modelGroup").asString()).isEqualTo("free");
  }

  @Test
  void fallbackIsInvisibleToTheSdk() throws Exception {
    harness.upstream.script("free", Reply.status(429, "quota"));

    JsonNode result = NodeClient.run("openai-client.mjs", base, KEY, "chat", "free");

    assertThat(result.path("text").asString()).isEqualTo("Hello from free2");
    assertThat(result.path("fallbacks").asString()).isEqualTo("1");
  }

  @Test
  void streamParsesAndCarriesNoUsageUnlessAskedFor() throws Exception {
    harness.upstream.script("free", Reply.stream("a", "b", "c"));

    JsonNode result = NodeClient.run("openai-client.mjs", base, KEY, "stream", "free");

    assertThat(result.path("text").asString()).isEqualTo("abc");
    assertThat(result.path("usage").isNull()).isTrue();
  }

  @Test
  void streamWithIncludeUsageDeliversUsage() throws Exception {
    harness.upstream.script("free", Reply.stream("a", "b").withPromptTokens(4));

    JsonNode result = NodeClient.run("openai-client.mjs", base, KEY, "stream-usage", "free");

    assertThat(result.path("text").asString()).isEqualTo("ab");
    assertThat(result.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
    assertThat(result.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void streamThatBreaksMidWaySurfacesAsAnSdkError() throws Exception {
    harness.upstream.script("free", Reply.streamDrop(1, "partial", "never"));

    JsonNode result = NodeClient.run("openai-client.mjs", base, KEY, "stream", "free");

    assertThat(result.path("thrown").path("message").asString()).contains("stream broke off");
  }

  @Test
  void embeddingsAndModelsParse() throws Exception {
    JsonNode embeddings = NodeClient.run("openai-client.mjs", base, KEY, "embeddings", "embed");
    JsonNode models = NodeClient.run("openai-client.mjs", base, KEY, "models");

    assertThat(embeddings.path("count").asInt()).isEqualTo(2);
    assertThat(embeddings.path("dimensions").asInt()).isEqualTo(3);
    assertThat(models.path("ids").toString()).contains("\"free\"", "\"free2\"", "\"embed\"");
  }

  @Test
  void errorsBecomeTheSdksTypedErrors() throws Exception {
    JsonNode unknownModel = NodeClient.run("openai-client.mjs", base, KEY, "error", "gpt-9");
    JsonNode badKey = NodeClient.run("openai-client.mjs", base, "sk-bad", "error", "free");

    assertThat(unknownModel.path("error").path("name").asString()).isEqualTo("NotFoundError");
    assertThat(unknownModel.path("error").path("message").asString()).contains("free, free2, embed");
    assertThat(badKey.path("error").path("name").asString()).isEqualTo("AuthenticationError");
    assertThat(badKey.path("error").path("status").asInt()).isEqualTo(401);
  }
}
