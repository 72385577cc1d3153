package dev.lantern.gateway.provider.openai;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.SseEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A whole chat completion told as a stream, for upstreams that ignore {@code stream: true} (some
 * Ollama and llama.cpp builds, proxies that buffer): one chunk with each choice's message as its
 * delta, one with the finish reasons, the usage chunk, then {@code [DONE]}. The client asked for
 * a stream and gets a well-formed one instead of a 502 for an answer that was fine.
 */
final class WholeAnswerStream implements ProviderStream {
  private final Iterator<SseEvent> events;

  private WholeAnswerStream(List<SseEvent> events) {
    this.events = events.iterator();
  }

  /** Whether this JSON is a chat completion (and not an error or something else). */
  static boolean isCompletion(JsonNode json) {
    return json != null && json.path("choices").isArray() && !json.path("choices").isEmpty()
        && json.path("choices").get(0).path("message").isObject();
  }

  static WholeAnswerStream of(JsonNode completion) {
    List<SseEvent> events = new ArrayList<>();
    ObjectNode content = chunk(completion);
    ObjectNode finish = chunk(completion);
    for (JsonNode choice : completion.path("choices")) {
      JsonNode message = choice.path("message");
      ObjectNode delta = message.isObject() ? (ObjectNode) message.deepCopy() : Json.object();
      delta.remove("refusal");
      if (delta.path("tool_calls").isArray()) {
        ArrayNode calls = (ArrayNode) delta.get("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
          if (calls.get(i) instanceof ObjectNode call) {
            call.put("index", i); // a stream's tool calls are addressed by index
          }
        }
      }
      ObjectNode streamed = content.withArray("choices").addObject().put("index", choice.path("index").asInt(0));
      streamed.set("delta", delta);
      streamed.putNull("finish_reason");
      ObjectNode last = finish.withArray("choices").addObject().put("index", choice.path("index").asInt(0));
      last.putObject("delta");
      last.set("finish_reason", choice.path("finish_reason").isMissingNode()
          ? Json.NODES.stringNode("stop") : choice.get("finish_reason"));
    }
    events.add(SseEvent.data(Json.MAPPER.writeValueAsString(content)));
    events.add(SseEvent.data(Json.MAPPER.writeValueAsString(finish)));
    if (completion.path("usage").isObject()) {
      ObjectNode usage = chunk(completion);
      usage.putArray("choices");
      usage.set("usage", completion.get("usage"));
      events.add(SseEvent.data(Json.MAPPER.writeValueAsString(usage)));
    }
    events.add(SseEvent.data(SseEvent.DONE));
    return new WholeAnswerStream(events);
  }

  private static ObjectNode chunk(JsonNode completion) {
    ObjectNode chunk = Json.object();
    chunk.put("id", completion.path("id").asString("chatcmpl-whole"));
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", completion.path("created").asLong(System.currentTimeMillis() / 1000));
    chunk.put("model", completion.path("model").asString(""));
    return chunk;
  }

  @Override
  public SseEvent next() {
    return events.hasNext() ? events.next() : null;
  }

  @Override
  public void close() {
    // the answer was read whole; the connection is already released
  }
}
