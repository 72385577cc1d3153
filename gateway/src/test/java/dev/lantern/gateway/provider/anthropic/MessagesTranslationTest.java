package dev.lantern.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.gateway.provider.UpstreamEvents;
import dev.lantern.gateway.provider.UpstreamException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI requests as Anthropic's Messages API takes them, and its Messages back as OpenAI completions. */
class MessagesTranslationTest {
  @Test
  void systemMessagesBecomeTheSystemBlocksInOrder() throws Exception {
    ObjectNode body = translate("""
        {"model":"claude","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"},
          {"role":"developer","content":[{"type":"text","text":"Use metric units.","cache_control":{"type":"ephemeral"}}]}]}""");

    assertThat(body.path("system").toString()).isEqualTo("[{\"type\":\"text\",\"text\":\"Be brief.\"},"
        + "{\"type\":\"text\",\"text\":\"Use metric units.\",\"cache_control\":{\"type\":\"ephemeral\"}}]");
    assertThat(body.path("messages")).hasSize(1);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(MessagesRequest.DEFAULT_MAX_TOKENS);
  }

  @Test
  void aToolConversationBecomesToolUseAndToolResultBlocksInAlternatingTurns() throws Exception {
    ObjectNode body = translate("""
        {"model":"claude","messages":[
          {"role":"user","content":"weather in Oslo and Bergen?"},
          {"role":"assistant","content":"Checking.","tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
            {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":""}}]},
          {"role":"tool","tool_call_id":"call_1","content":"4 C"},
          {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"7 C"}]},
          {"role":"user","content":"thanks"}]}""");

    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.path(1).path("role").asString()).isEqualTo("assistant");
    assertThat(messages.path(1).path("content").path(1).toString())
        .isEqualTo("{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}");
    assertThat(messages.path(1).path("content").path(2).path("input").toString()).isEqualTo("{}");
    JsonNode results = messages.path(2).path("content");
    assertThat(messages.path(2).path("role").asString()).as("tool results and the next user text merge").isEqualTo("user");
    assertThat(results.path(0).toString())
        .isEqualTo("{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"4 C\"}");
    assertThat(results.path(1).path("content").path(0).path("text").asString()).isEqualTo("7 C");
    assertThat(results.path(2).path("text").asString()).isEqualTo("thanks");
  }

  @Test
  void imagesBecomeBase64OrUrlSources() throws Exception {
    ObjectNode body = translate("""
        {"model":"claude","messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
          {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}""");

    JsonNode content = body.path("messages").path(0).path("content");
    assertThat(content.path(1).path("source").toString())
        .isEqualTo("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}");
    assertThat(content.path(2).path("source").toString())
        .isEqualTo("{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}");
  }

  @Test
  void toolsChoiceStopsUserAndLimitsAreMapped() throws Exception {
    ObjectNode body = translate("""
        {"model":"claude","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":300,"temperature":0.2,
         "top_p":0.9,"stop":["END","  "],"user":"team-7","parallel_tool_calls":false,
         "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{}}}}],
         "tool_choice":{"type":"function","function":{"name":"lookup"}},
         "presence_penalty":0.5,"seed":3,"logit_bias":{"1":2}}""");

    assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.path("stop_sequences").toString()).as("blank stop sequences are refused by Anthropic")
        .isEqualTo("[\"END\"]");
    assertThat(body.path("metadata").path("user_id").asString()).isEqualTo("team-7");
    assertThat(body.path("tools").path(0).path("input_schema").path("type").asString()).isEqualTo("object");
    assertThat(body.path("tool_choice").toString())
        .isEqualTo("{\"type\":\"tool\",\"name\":\"lookup\",\"disable_parallel_tool_use\":true}");
    assertThat(body.has("presence_penalty") || body.has("seed") || body.has("logit_bias")).isFalse();
  }

  @Test
  void requiredAndNoneToolChoicesAndAnEmailAsUser() throws Exception {
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
    ObjectNode required = translate("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + tools + ",\"tool_choice\":\"required\",\"user\":\"me@example.com\"}");
    ObjectNode none = translate("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + tools + ",\"tool_choice\":\"none\"}");

    assertThat(required.path("tool_choice").toString()).isEqualTo("{\"type\":\"any\"}");
    assertThat(required.has("metadata")).as("Anthropic refuses e-mail addresses as user ids").isFalse();
    assertThat(none.path("tool_choice").toString()).isEqualTo("{\"type\":\"none\"}");
  }

  @Test
  void reasoningEffortBecomesAThinkingBudgetInsideMaxTokens() throws Exception {
    ObjectNode body = translate("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"reasoning_effort\":\"medium\",\"max_tokens\":1000}");

    assertThat(body.path("thinking").toString()).isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":2048}");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(2048 + MessagesRequest.DEFAULT_MAX_TOKENS);
  }

  @Test
  void aFinalAssistantPrefillLosesItsTrailingWhiteSpace() throws Exception {
    ObjectNode body = translate("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
        + "{\"role\":\"assistant\",\"content\":\"The answer is \"}]}");

    assertThat(body.path("messages").path(1).path("content").path(0).path("text").asString()).isEqualTo("The answer is");
  }

  @Test
  void whatAnthropicCannotExpressIsABadRequestThatSaysSo() {
    assertBadRequest("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}", "one choice");
    assertBadRequest("{\"model\":\"c\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
        "at least one user or assistant message");
    assertBadRequest("{\"model\":\"c\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\","
        + "\"function\":{\"name\":\"f\",\"arguments\":\"{not json\"}}]}]}", "arguments of tool call 'f' are not JSON");
    assertBadRequest("{\"model\":\"c\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "tool_call_id");
    assertBadRequest("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}",
        "input_audio");
  }

  @Test
  void aMessageBecomesACompletionWithToolCallsReasoningAndCachedTokens() throws Exception {
    JsonNode message = Json.MAPPER.readTree("""
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-x","stop_reason":"tool_use",
         "content":[{"type":"thinking","thinking":"Let me think about it.","signature":"s"},
                    {"type":"text","text":"Looking it up."},
                    {"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":"oslo"}}],
         "usage":{"input_tokens":20,"output_tokens":30,"cache_read_input_tokens":100,"cache_creation_input_tokens":5}}""");

    ObjectNode completion = MessagesAnswer.completion(message, "claude-x", false, 1700000000);

    JsonNode choice = completion.path("choices").path(0);
    assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
    assertThat(choice.path("message").path("content").asString()).isEqualTo("Looking it up.");
    assertThat(choice.path("message").path("reasoning_content").asString()).isEqualTo("Let me think about it.");
    assertThat(choice.path("message").path("thinking_blocks").toString()).as("signed, to be sent back")
        .isEqualTo("[{\"type\":\"thinking\",\"thinking\":\"Let me think about it.\",\"signature\":\"s\"}]");
    assertThat(choice.path("message").path("tool_calls").path(0).path("function").path("arguments").asString())
        .isEqualTo("{\"q\":\"oslo\"}");
    JsonNode usage = completion.path("usage");
    assertThat(usage.path("prompt_tokens").asInt()).as("input + cache reads + cache writes").isEqualTo(125);
    assertThat(usage.path("completion_tokens").asInt()).isEqualTo(30);
    assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(100);
    assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asInt()).isEqualTo(6);
  }

  @Test
  void aJsonResponseFormatIsAskedAsAForcedToolAndAnsweredAsContent() throws Exception {
    MessagesRequest.Translated request = MessagesRequest.from((ObjectNode) Json.MAPPER.readTree("""
        {"model":"c","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema",
         "json_schema":{"name":"city","schema":{"type":"object","properties":{"name":{"type":"string"}}}}}}"""));
    JsonNode message = Json.MAPPER.readTree("""
        {"id":"msg_2","model":"c","stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2},
         "content":[{"type":"tool_use","id":"t","name":"json_tool_call","input":{"name":"Oslo"}}]}""");

    ObjectNode completion = MessagesAnswer.completion(message, "c", request.jsonMode(), 0);

    assertThat(request.body().path("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"json_tool_call\"}");
    assertThat(request.body().path("tools").path(0).path("input_schema").path("properties").has("name")).isTrue();
    JsonNode choice = completion.path("choices").path(0);
    assertThat(choice.path("message").path("content").asString()).isEqualTo("{\"name\":\"Oslo\"}");
    assertThat(choice.path("message").has("tool_calls")).isFalse();
    assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
  }

  @Test
  void withThinkingOnAJsonAnswerIsTheToolsArgumentsAloneNotTheTextAroundThem() throws Exception {
    MessagesRequest.Translated request = MessagesRequest.from((ObjectNode) Json.MAPPER.readTree("""
        {"model":"c","messages":[{"role":"user","content":"x"}],"reasoning_effort":"low",
         "response_format":{"type":"json_object"}}"""));
    JsonNode message = Json.MAPPER.readTree("""
        {"id":"m","model":"c","stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2},
         "content":[{"type":"text","text":"Here it is:"},
                    {"type":"tool_use","id":"t","name":"json_tool_call","input":{"ok":true}}]}""");

    ObjectNode completion = MessagesAnswer.completion(message, "c", request.jsonMode(), 0);

    assertThat(request.body().path("tool_choice").path("type").asString()).as("a forced tool excludes thinking")
        .isEqualTo("auto");
    assertThat(completion.path("choices").path(0).path("message").path("content").asString()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void thinkingIsLeftOutOfATurnThatContinuesToolCallsWithoutTheirThinkingBlocks() throws Exception {
    String history = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":"
        + "[{\"id\":\"t1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]%s},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"done\"}],\"reasoning_effort\":\"high\"";
    ObjectNode without = translate("{\"model\":\"c\"," + history.formatted("") + "}");
    ObjectNode with = translate("{\"model\":\"c\"," + history.formatted(
        ",\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"sig\"}]") + "}");

    assertThat(without.has("thinking")).as("Anthropic would refuse it without the signed thinking block").isFalse();
    assertThat(with.path("thinking").path("budget_tokens").asInt()).isEqualTo(4096);
    assertThat(with.path("messages").path(1).path("content").path(0).path("type").asString()).isEqualTo("thinking");
  }

  @Test
  void aStreamedJsonAnswerIsTheToolsArgumentsAloneAndEndsWithStop() throws Exception {
    String events = String.join("", List.of(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":5}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Here:\"}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"json_tool_call\",\"input\":{}}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"ok\\\":\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"true}\"}}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":7}}"),
        event("message_stop", "{\"type\":\"message_stop\"}")));
    MessagesStream stream = new MessagesStream("anthropic/c", new UpstreamEvents("anthropic/c",
        new BasicClassicHttpResponse(200), new ByteArrayInputStream(events.getBytes(StandardCharsets.UTF_8))), null,
        RateLimits.NONE, "c", true, false, 0);

    StringBuilder content = new StringBuilder();
    String finish = null;
    for (SseEvent event = stream.next(); event != null && !event.isDone(); event = stream.next()) {
      JsonNode choice = Json.MAPPER.readTree(event.data()).path("choices").path(0);
      content.append(choice.path("delta").path("content").asString(""));
      finish = choice.path("finish_reason").isString() ? choice.path("finish_reason").asString() : finish;
      assertThat(choice.path("delta").has("tool_calls")).isFalse();
    }

    assertThat(content.toString()).isEqualTo("{\"ok\":true}");
    assertThat(finish).isEqualTo("stop");
  }

  @Test
  void aStreamedThinkingBlockIsHandedBackWholeWithItsSignature() throws Exception {
    String events = String.join("", List.of(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":5}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm, \"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Oslo.\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQB\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}"),
        event("message_stop", "{\"type\":\"message_stop\"}")));
    MessagesStream stream = new MessagesStream("anthropic/c", new UpstreamEvents("anthropic/c",
        new BasicClassicHttpResponse(200), new ByteArrayInputStream(events.getBytes(StandardCharsets.UTF_8))), null,
        RateLimits.NONE, "c", false, false, 0);

    StringBuilder reasoning = new StringBuilder();
    JsonNode blocks = null;
    for (SseEvent event = stream.next(); event != null && !event.isDone(); event = stream.next()) {
      JsonNode delta = Json.MAPPER.readTree(event.data()).path("choices").path(0).path("delta");
      reasoning.append(delta.path("reasoning_content").asString(""));
      blocks = delta.has("thinking_blocks") ? delta.get("thinking_blocks") : blocks;
    }

    assertThat(reasoning.toString()).isEqualTo("Hmm, Oslo.");
    assertThat(blocks.toString())
        .isEqualTo("[{\"type\":\"thinking\",\"thinking\":\"Hmm, Oslo.\",\"signature\":\"EqQB\"}]");
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  private static ObjectNode translate(String json) throws UpstreamException {
    return MessagesRequest.from((ObjectNode) Json.MAPPER.readTree(json)).body();
  }

  private static void assertBadRequest(String json, String says) {
    assertThatThrownBy(() -> translate(json)).isInstanceOfSatisfying(UpstreamException.class, e -> {
      assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).contains(says);
    });
  }
}
