package dev.lantern.gateway;

import dev.lantern.testkit.JsonArbitraries;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import java.net.http.HttpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * Random and broken bodies thrown at the gateway's public POST routes. Whatever arrives, the answer
 * is a well-formed 2xx or a 4xx in OpenAI's error shape, and the gateway stays up.
 */
class HostileBodiesTest {
  private static GatewayHarness harness;

  @BeforeContainer
  static void start() {
    harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}"}
        general_settings:
          max_request_size_mb: 1
        """);
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Property(tries = 300)
  void chatAnswersEveryBodyWithA2xxOrAnOpenAiShaped4xx(@ForAll("bodies") String body) throws Exception {
    assertWellFormed(harness.post("/v1/chat/completions", body));
  }

  @Property(tries = 150)
  void embeddingsAnswerEveryBodyWithA2xxOrAnOpenAiShaped4xx(@ForAll("bodies") String body) throws Exception {
    assertWellFormed(harness.post("/v1/embeddings", body));
  }

  private static void assertWellFormed(HttpResponse<String> response) throws Exception {
    int status = response.statusCode();
    assertThat(status).as(response.body()).satisfiesAnyOf(
        s -> assertThat(s).isBetween(200, 299),
        s -> assertThat(s).isBetween(400, 499));
    if (status >= 400) {
      JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
      assertThat(error.path("message").isString()).as(response.body()).isTrue();
      assertThat(error.path("type").isString()).isTrue();
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(harness.get("/health/liveliness").statusCode()).isEqualTo(200);
  }

  @Provide
  Arbitrary<String> bodies() {
    return Arbitraries.oneOf(
        chatLike().map(JsonNode::toString),
        chatLike().map(JsonNode::toString).flatMap(JsonArbitraries::truncated),
        Arbitraries.strings().ofMaxLength(200),
        JsonArbitraries.json(3).map(JsonNode::toString));
  }

  /** Objects with the real parameter names and values of random types: the likeliest mistakes. */
  private static Arbitrary<JsonNode> chatLike() {
    Arbitrary<String> keys = Arbitraries.of("model", "messages", "stream", "stream_options", "temperature", "top_p",
        "n", "max_tokens", "stop", "tools", "input", "encoding_format", "dimensions", "user", "seed");
    Arbitrary<JsonNode> values = Arbitraries.oneOf(JsonArbitraries.json(2), Arbitraries.just(Json.NODES.stringNode("free")),
        messages());
    return JsonArbitraries.objects(keys, values, 8);
  }

  private static Arbitrary<JsonNode> messages() {
    Arbitrary<JsonNode> message = JsonArbitraries.objects(Arbitraries.of("role", "content", "name", "tool_calls"),
        Arbitraries.oneOf(JsonArbitraries.json(1), Arbitraries.of("user", "assistant", "system").map(Json.NODES::stringNode)),
        3);
    return message.list().ofMaxSize(3).map(JsonArbitraries::array);
  }
}
