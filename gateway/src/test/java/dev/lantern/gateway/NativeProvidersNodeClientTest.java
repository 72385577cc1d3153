package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeAnthropic;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.NodeClient;
import dev.lantern.testkit.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The official OpenAI Node SDK against the natively translated providers (Anthropic's Messages
 * API, Azure OpenAI's deployment URLs): an independent client parses their answers, and its own
 * stream helper assembles streamed tool calls, checking every chunk as it does against OpenAI.
 */
class NativeProvidersNodeClientTest {
  private static final String KEY = "sk-native-test";
  private static FakeAnthropic anthropic;
  private static GatewayHarness harness;
  private static String base;

  @BeforeAll
  static void start() {
    anthropic = FakeAnthropic.start();
    FakeOpenAi openAi = FakeOpenAi.start();
    harness = GatewayHarness.start(openAi, """
        model_list:
          - model_name: claude
            litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%s", api_key: sk-ant-test}
          - model_name: azure-gpt
            litellm_params: {model: azure/gpt-4o-prod, api_base: "%s", api_key: azure-key, api_version: "2024-10-21"}
        general_settings: {master_key: %s}
        """.formatted(anthropic.baseUrl("claude"), openAi.root("azure"), KEY));
    base = harness.gateway.uri() + "/v1";
  }

  @AfterAll
  static void stop() {
    harness.close();
    anthropic.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude", "azure-gpt"})
  void chatAndStreamWithUsageParse(String model) throws Exception {
    script(model, Reply.text("hello there").withPromptTokens(7), Reply.stream("a", "b").withPromptTokens(4));

    JsonNode chat = NodeClient.run("openai-client.mjs", base, KEY, "chat", model);
    JsonNode stream = NodeClient.run("openai-client.mjs", base, KEY, "stream-usage", model);

    assertThat(chat.path("text").asString()).isEqualTo("hello there");
    assertThat(chat.path("usage").path("prompt_tokens").asInt()).isEqualTo(7);
    assertThat(chat.path("modelGroup").asString()).isEqualTo(model);
    assertThat(stream.path("text").asString()).isEqualTo("ab");
    assertThat(stream.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
    assertThat(stream.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude", "azure-gpt"})
  void theSdksStreamHelperAssemblesToolCalls(String model) throws Exception {
    Reply calls = Reply.toolCalls(new Reply.Call("get_weather", "{\"city\":\"Oslo\"}"),
        new Reply.Call("get_weather", "{\"city\":\"Tromsø\"}"));
    script(model, calls, calls);

    JsonNode whole = NodeClient.run("openai-client.mjs", base, KEY, "tools", model);
    JsonNode streamed = NodeClient.run("openai-client.mjs", base, KEY, "tools-stream", model);

    for (JsonNode result : new JsonNode[] {whole, streamed}) {
      assertThat(result.has("thrown")).as("%s", result).isFalse();
      assertThat(result.path("finish").asString()).isEqualTo("tool_calls");
      assertThat(result.path("toolCalls")).hasSize(2);
      assertThat(result.path("toolCalls").path(1).path("function").path("name").asString()).isEqualTo("get_weather");
      assertThat(Json.MAPPER.readTree(result.path("toolCalls").path(1).path("function").path("arguments").asString())
          .path("city").asString()).isEqualTo("Tromsø");
    }
  }

  private static void script(String model, Reply... replies) {
    if (model.equals("claude")) {
      anthropic.script("claude", replies);
    } else {
      harness.upstream.script("azure", replies);
    }
  }
}
