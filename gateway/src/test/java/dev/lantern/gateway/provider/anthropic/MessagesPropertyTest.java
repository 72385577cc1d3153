package dev.lantern.gateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.gateway.provider.UpstreamEvents;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.testkit.JsonArbitraries;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever a client sends and whatever Anthropic streams back, the translation either works or
 * fails as an {@link UpstreamException} that says why: never another exception, which would be a
 * 500 for the client.
 */
class MessagesPropertyTest {
  private static final List<String> REQUEST_FIELDS = List.of("model", "messages", "tools", "tool_choice", "stop",
      "user", "max_tokens", "max_completion_tokens", "n", "reasoning_effort", "response_format", "parallel_tool_calls",
      "temperature", "stream");
  private static final List<String> MESSAGE_FIELDS = List.of("role", "content", "tool_calls", "tool_call_id", "name");
  private static final List<String> EVENT_TYPES = List.of("message_start", "content_block_start",
      "content_block_delta", "content_block_stop", "message_delta", "message_stop", "ping", "error", "surprise");

  @Property(tries = 1000)
  void anyRequestTranslatesOrIsABadRequest(@ForAll("requests") JsonNode request) {
    try {
      MessagesRequest.Translated translated = MessagesRequest.from((ObjectNode) request);
      assertThat(translated.body().path("messages").isEmpty()).isFalse();
      assertThat(translated.body().path("max_tokens").isNumber()).isTrue();
    } catch (UpstreamException e) {
      assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
      assertThat(e.status()).isEqualTo(400);
    }
  }

  @Property(tries = 500)
  void anyMessageBecomesAWellFormedCompletion(@ForAll("messages") JsonNode message) {
    ObjectNode completion = MessagesAnswer.completion(message, "claude", false, 0);

    assertThat(completion.path("choices").path(0).path("finish_reason").isString()).isTrue();
    assertThat(completion.path("usage").path("total_tokens").asLong()).isGreaterThanOrEqualTo(0);
  }

  @Property(tries = 500)
  void anyEventStreamBecomesChunksOrAFailure(@ForAll("eventStreams") String stream) {
    UpstreamEvents events = new UpstreamEvents("anthropic/claude", new BasicClassicHttpResponse(200),
        new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    MessagesStream chunks = new MessagesStream("anthropic/claude", events, "sk-secret", RateLimits.NONE, "claude",
        false, true, 0);
    try {
      SseEvent event;
      int count = 0;
      while ((event = chunks.next()) != null && count++ < 10_000) {
        if (event.isComment() || event.isDone()) {
          continue;
        }
        JsonNode chunk = Json.MAPPER.readTree(event.data());
        assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
      }
    } catch (UpstreamException e) {
      assertThat(e.getMessage()).doesNotContain("sk-secret");
    } finally {
      chunks.close();
    }
  }

  @Provide
  Arbitrary<JsonNode> requests() {
    Arbitrary<JsonNode> message = JsonArbitraries.objects(Arbitraries.of(MESSAGE_FIELDS),
        Arbitraries.oneOf(JsonArbitraries.json(2), Arbitraries.of("system", "user", "assistant", "tool", "developer")
            .map(Json.NODES::stringNode)), 5);
    Arbitrary<JsonNode> messages = message.list().ofMaxSize(5).map(JsonArbitraries::array);
    return Combinators.combine(JsonArbitraries.objects(Arbitraries.of(REQUEST_FIELDS), JsonArbitraries.json(2), 6),
        messages).as((body, list) -> {
          ObjectNode request = (ObjectNode) body;
          request.set("messages", list);
          return request;
        });
  }

  @Provide
  Arbitrary<JsonNode> messages() {
    return JsonArbitraries.objects(Arbitraries.of("id", "model", "content", "stop_reason", "usage", "type"),
        JsonArbitraries.json(3), 6);
  }

  /** Events of Anthropic's types with data of any shape, in any order, sometimes not JSON at all. */
  @Provide
  Arbitrary<String> eventStreams() {
    Arbitrary<String> data = Arbitraries.oneOf(
        JsonArbitraries.objects(Arbitraries.of("type", "index", "delta", "content_block", "message", "usage", "error"),
            JsonArbitraries.json(2), 5).map(JsonNode::toString),
        Arbitraries.strings().ofMaxLength(30));
    Arbitrary<String> event = Combinators.combine(Arbitraries.of(EVENT_TYPES), data).as((type, json) -> {
      String body = json.startsWith("{") ? "{\"type\":\"" + type + "\"," + json.substring(1) : json;
      return "event: " + type + "\ndata: " + body.replace("\n", " ") + "\n\n";
    });
    return event.list().ofMaxSize(12).map(list -> String.join("", list));
  }
}
