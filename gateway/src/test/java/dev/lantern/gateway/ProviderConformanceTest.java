package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeAnthropic;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.FakeUpstream;
import dev.lantern.testkit.Received;
import dev.lantern.testkit.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One suite for every provider: the same scripted upstream behaviour, told in each provider's
 * own wire format by its fake, must reach an OpenAI client the same way through the gateway, whole
 * and streamed. Text, tool calls and usage come back in OpenAI's shape; a 429, a rejected key and
 * an error before the first token fall back unseen; a prompt too long goes to the context-window
 * fallback; a bad request comes back as it is; a break mid-stream ends with an error event. Each
 * call reaches the provider at its own path, with its own auth header and model name.
 */
class ProviderConformanceTest {
  private static final String KEY = "sk-conformance-key";
  private static final String TOOLS = """
      [{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

  /** How one provider is configured and what its upstream must see. */
  record Case(String prefix, String entry, FakeUpstream fake, String deployment, String upstreamModel,
      String path, String authHeader, String authValue) {
    String group() {
      return "t-" + prefix;
    }

    @Override
    public String toString() {
      return prefix;
    }
  }

  private static FakeOpenAi openAi;
  private static FakeAnthropic anthropic;
  private static GatewayHarness harness;
  private static List<Case> cases;

  @BeforeAll
  static void start() {
    openAi = FakeOpenAi.start().usageInLastChunk("mistral"); // Mistral sends usage unasked; it is not asked
    anthropic = FakeAnthropic.start();
    cases = new ArrayList<>();
    for (String prefix : List.of("openrouter", "openai", "groq", "mistral", "deepseek", "together_ai", "fireworks_ai",
        "gemini", "xai", "cerebras", "deepinfra", "custom_openai", "hosted_vllm", "ollama", "lm_studio", "llamafile")) {
      String model = "m-" + prefix;
      cases.add(new Case(prefix, "{model: " + prefix + "/" + model + ", api_base: \"" + openAi.baseUrl(prefix)
          + "\", api_key: " + KEY + "}", openAi, prefix,
          prefix.equals("fireworks_ai") ? "accounts/fireworks/models/" + model : model,
          "/v1/chat/completions", "authorization", "Bearer " + KEY));
    }
    cases.add(new Case("azure", "{model: azure/my-gpt-deployment, api_base: \"" + openAi.root("azure")
        + "\", api_key: " + KEY + ", api_version: \"2024-10-21\"}", openAi, "azure", "azure-ignores-this",
        "/openai/deployments/my-gpt-deployment/chat/completions?api-version=2024-10-21", "api-key", KEY));
    cases.add(new Case("anthropic", "{model: anthropic/claude-test, api_base: \"" + anthropic.baseUrl("anthropic")
        + "\", api_key: " + KEY + "}", anthropic, "anthropic", "claude-test", "/v1/messages", "x-api-key", KEY));

    StringBuilder yaml = new StringBuilder("model_list:\n");
    StringBuilder fallbacks = new StringBuilder();
    StringBuilder windows = new StringBuilder();
    for (Case c : cases) {
      yaml.append("  - model_name: ").append(c.group()).append("\n    litellm_params: ").append(c.entry()).append('\n');
      fallbacks.append("{").append(c.group()).append(": [backup]}, ");
      windows.append("{").append(c.group()).append(": [big]}, ");
    }
    yaml.append("""
          - model_name: backup
            litellm_params: {model: openai/backup-model, api_base: "%s", api_key: sk-up}
          - model_name: big
            litellm_params: {model: openai/big-model, api_base: "%s", api_key: sk-up}
        router_settings:
          num_retries: 0
          allowed_fails: 1000
          cooldown_time: 0
          fallbacks: [%s]
          context_window_fallbacks: [%s]
        """.formatted(openAi.baseUrl("backup"), openAi.baseUrl("big"), fallbacks, windows));
    harness = GatewayHarness.start(openAi, yaml.toString());
  }

  @AfterAll
  static void stop() {
    harness.close();
    anthropic.close();
  }

  static Stream<Arguments> everyProviderWholeAndStreamed() {
    return cases.stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  static Stream<Case> everyProvider() {
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("everyProviderWholeAndStreamed")
  void anAnswerReachesTheClientInOpenAiShapeFromTheRightEndpoint(Case c, boolean stream) throws Exception {
    c.fake().script(c.deployment(), stream ? Reply.stream("Hel", "lo there") : Reply.text("Hello there"));
    double tokensBefore = tokens(c);

    GatewayHarness.Answer answer = harness.send(chat(c, stream, "\"messages\":[{\"role\":\"system\",\"content\":"
        + "\"Be brief.\"},{\"role\":\"user\",\"content\":\"hi\"}]"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello there");
    assertThat(answer.header("x-litellm-model-group")).isEqualTo(c.group());
    if (stream) {
      assertThat(answer.events().getLast().path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
    } else {
      assertThat(answer.body().path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
      assertThat(answer.body().path("usage").path("prompt_tokens").asInt()).isEqualTo(10);
    }
    Received call = last(c);
    assertThat(call.path()).isEqualTo(c.path());
    assertThat(call.header(c.authHeader())).isEqualTo(c.authValue());
    if (!c.prefix().equals("azure")) {
      assertThat(call.body().path("model").asString()).isEqualTo(c.upstreamModel());
    }
    assertThat(userText(c, call.body())).isEqualTo("hi");
    assertThat(tokens(c) - tokensBefore).as("10 prompt tokens and the completion's").isEqualTo(10 + (stream ? 2 : 1));
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("everyProviderWholeAndStreamed")
  void quotaHeadersCachedAndReasoningTokensReachLiteLlmsMetrics(Case c, boolean stream) throws Exception {
    Reply reply = stream ? Reply.stream("Hel", "lo there") : Reply.text("Hello there");
    c.fake().script(c.deployment(), reply.withRateLimits(42 + (stream ? 1 : 0), 9000).withCachedTokens(4)
        .withReasoningTokens(3));
    Map<String, String> group = Map.of("model_group", c.group());
    Map<String, String> requested = Map.of("requested_model", c.group());
    double cachedBefore = harness.metric("litellm_input_cached_tokens_metric_total", requested);
    double reasoningBefore = harness.metric("litellm_output_reasoning_tokens_metric_total", requested);

    GatewayHarness.Answer answer = harness.send(chat(c, stream, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

    assertThat(answer.text()).isEqualTo("Hello there");
    assertThat(harness.metric("litellm_remaining_requests_metric", group)).isEqualTo(42 + (stream ? 1 : 0));
    assertThat(harness.metric("litellm_remaining_tokens_metric", group)).isEqualTo(9000);
    assertThat(harness.metric("litellm_input_cached_tokens_metric_total", requested) - cachedBefore).isEqualTo(4);
    assertThat(harness.metric("litellm_output_reasoning_tokens_metric_total", requested) - reasoningBefore)
        .isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyProvider")
  void anthropicsSignedThinkingReachesAnthropicOnlyAndEveryoneGetsTheToolRoundTrip(Case c) throws Exception {
    c.fake().script(c.deployment(), Reply.text("Cold."));

    GatewayHarness.Answer answer = harness.send(chat(c, false, """
        "messages":[{"role":"user","content":"weather in Oslo?"},
          {"role":"assistant","content":null,"thinking_blocks":[{"type":"thinking","thinking":"Use the tool.","signature":"EqQB"}],
           "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"-3 C"}],"tools":%s""".formatted(TOOLS)));

    assertThat(answer.status()).isEqualTo(200);
    JsonNode sent = last(c).body().path("messages");
    if (c.prefix().equals("anthropic")) {
      assertThat(sent.path(1).path("content").path(0).path("signature").asString()).isEqualTo("EqQB");
      assertThat(sent.path(1).path("content").path(1).path("type").asString()).isEqualTo("tool_use");
      assertThat(sent.path(2).path("content").path(0).path("tool_use_id").asString()).isEqualTo("call_1");
    } else {
      assertThat(sent.toString()).doesNotContain("thinking_blocks").contains("call_1");
      assertThat(sent.path(2).path("tool_call_id").asString()).isEqualTo("call_1");
    }
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("everyProviderWholeAndStreamed")
  void toolCallsComeBackAsOpenAiToolCalls(Case c, boolean stream) throws Exception {
    c.fake().script(c.deployment(), Reply.toolCalls(new Reply.Call("get_weather", "{\"city\":\"Oslo\"}"),
        new Reply.Call("get_weather", "{\"city\":\"Bergen\"}")));

    GatewayHarness.Answer answer = harness.send(chat(c, stream,
        "\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}],\"tools\":" + TOOLS));

    assertThat(answer.status()).isEqualTo(200);
    List<JsonNode> calls = stream ? assembled(answer.events()) : list(answer.body().path("choices").path(0)
        .path("message").path("tool_calls"));
    assertThat(calls).hasSize(2);
    assertThat(calls).extracting(call -> call.path("function").path("name").asString())
        .containsExactly("get_weather", "get_weather");
    assertThat(Json.MAPPER.readTree(calls.get(0).path("function").path("arguments").asString()))
        .isEqualTo(Json.MAPPER.readTree("{\"city\":\"Oslo\"}"));
    assertThat(Json.MAPPER.readTree(calls.get(1).path("function").path("arguments").asString()))
        .isEqualTo(Json.MAPPER.readTree("{\"city\":\"Bergen\"}"));
    assertThat(calls).allSatisfy(call -> assertThat(call.path("id").asString()).isNotEmpty());
    String finish = stream ? answer.events().getLast().path("choices").path(0).path("finish_reason").asString()
        : answer.body().path("choices").path(0).path("finish_reason").asString();
    assertThat(finish).isEqualTo("tool_calls");
    JsonNode sentTools = last(c).body().path("tools");
    assertThat(c.prefix().equals("anthropic") ? sentTools.path(0).path("name").asString()
        : sentTools.path(0).path("function").path("name").asString()).isEqualTo("get_weather");
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("everyProviderWholeAndStreamed")
  void aRateLimitFallsBackUnseen(Case c, boolean stream) throws Exception {
    c.fake().script(c.deployment(), Reply.status(429, "rate limit reached for requests").withRetryAfter(1));

    GatewayHarness.Answer answer = harness.send(chat(c, stream, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from backup");
    assertThat(answer.header("x-litellm-model-group")).isEqualTo("backup");
    assertThat(harness.metric("litellm_deployment_successful_fallbacks_total",
        Map.of("requested_model", c.group(), "fallback_model", "backup", "exception_status", "429")))
        .isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyProvider")
  void aRejectedKeyFallsBack(Case c) throws Exception {
    c.fake().script(c.deployment(), Reply.status(401, "invalid x-api-key"));

    GatewayHarness.Answer answer = harness.send(chat(c, false, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from backup");
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("everyProviderWholeAndStreamed")
  void aPromptTooLongGoesToTheContextWindowFallback(Case c, boolean stream) throws Exception {
    c.fake().script(c.deployment(), Reply.status(400, "prompt is too long: 208656 tokens > 200000 maximum"));

    GatewayHarness.Answer answer = harness.send(chat(c, stream, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("Hello from big");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyProvider")
  void aBadRequestComesBackAsItIsWithoutFallingBack(Case c) throws Exception {
    c.fake().script(c.deployment(), Reply.status(400, "temperature: must be at most 1"));
    int backupCalls = openAi.calls("backup");

    GatewayHarness.Answer answer = harness.send(chat(c, false, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("error").path("message").asString()).contains("temperature: must be at most 1");
    assertThat(openAi.calls("backup")).isEqualTo(backupCalls);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyProvider")
  void anErrorBeforeTheFirstTokenFallsBackAndOneAfterItEndsTheStream(Case c) throws Exception {
    c.fake().script(c.deployment(), Reply.streamErrorEvent(0, 500, "Internal server error"),
        Reply.streamErrorEvent(1, 500, "Overloaded", "Hel", "lo"));

    GatewayHarness.Answer early = harness.send(chat(c, true, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));
    GatewayHarness.Answer late = harness.send(chat(c, true, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

    assertThat(early.text()).isEqualTo("Hello from backup");
    assertThat(late.status()).isEqualTo(200);
    assertThat(late.text()).isEqualTo("Hel");
    assertThat(late.endedWithError()).isTrue();
    assertThat(late.events().getLast().path("error").path("message").asString()).contains("Overloaded");
  }

  private static String chat(Case c, boolean stream, String rest) {
    return "{\"model\":\"" + c.group() + "\",\"stream\":" + stream + "," + rest + "}";
  }

  private static Received last(Case c) {
    List<Received> calls = c.fake().received(c.deployment());
    return calls.get(calls.size() - 1);
  }

  /** The user's text as the provider's API carries it. */
  private static String userText(Case c, JsonNode body) {
    JsonNode messages = body.path("messages");
    if (c.prefix().equals("anthropic")) {
      assertThat(body.path("system").path(0).path("text").asString()).isEqualTo("Be brief.");
      return messages.path(0).path("content").path(0).path("text").asString();
    }
    return messages.path(1).path("content").asString();
  }

  private static double tokens(Case c) throws Exception {
    return harness.metric("litellm_total_tokens_metric_total", Map.of("requested_model", c.group()));
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  /** Tool calls as an OpenAI client assembles them from stream deltas: by index, arguments concatenated. */
  private static List<JsonNode> assembled(List<JsonNode> events) {
    Map<Integer, ObjectNode> byIndex = new TreeMap<>();
    for (JsonNode event : events) {
      for (JsonNode delta : event.path("choices").path(0).path("delta").path("tool_calls")) {
        ObjectNode call = byIndex.computeIfAbsent(delta.path("index").asInt(), i -> {
          ObjectNode fresh = Json.object();
          fresh.putObject("function").put("arguments", "");
          return fresh;
        });
        if (delta.has("id")) {
          call.put("id", delta.path("id").asString());
        }
        ObjectNode function = (ObjectNode) call.get("function");
        if (delta.path("function").has("name")) {
          function.put("name", delta.path("function").path("name").asString());
        }
        function.put("arguments", function.path("arguments").asString()
            + delta.path("function").path("arguments").asString(""));
      }
    }
    return new ArrayList<>(byIndex.values());
  }
}
