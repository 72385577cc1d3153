package dev.lantern.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.testkit.JsonArbitraries;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Whatever a non-streaming upstream puts in its completion, the stream told from it is well formed. */
class WholeAnswerStreamPropertyTest {
  @Property(tries = 300)
  void anyCompletionBecomesChunksThenDone(@ForAll("completions") JsonNode completion) {
    if (!WholeAnswerStream.isCompletion(completion)) {
      return;
    }
    List<SseEvent> events = new ArrayList<>();
    try (WholeAnswerStream stream = WholeAnswerStream.of(completion)) {
      for (SseEvent event = stream.next(); event != null; event = stream.next()) {
        events.add(event);
      }
    }

    assertThat(events.getLast().isDone()).isTrue();
    for (SseEvent event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = Json.MAPPER.readTree(event.data());
      assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.path("choices").isArray()).isTrue();
    }
  }

  @Provide
  Arbitrary<JsonNode> completions() {
    Arbitrary<String> keys = Arbitraries.of("role", "content", "tool_calls", "refusal", "reasoning", "index",
        "finish_reason", "id", "function");
    Arbitrary<JsonNode> message = JsonArbitraries.objects(keys, JsonArbitraries.json(2), 5);
    Arbitrary<JsonNode> choice = JsonArbitraries.objects(keys, JsonArbitraries.json(1), 3)
        .flatMap(base -> message.map(m -> {
          ObjectNode copy = (ObjectNode) base.deepCopy();
          copy.set("message", m);
          return (JsonNode) copy;
        }));
    return choice.list().ofMinSize(1).ofMaxSize(3).flatMap(choices -> JsonArbitraries
        .objects(Arbitraries.of("id", "created", "model", "usage", "object"), JsonArbitraries.json(2), 5)
        .map(top -> {
          ObjectNode completion = (ObjectNode) top.deepCopy();
          completion.set("choices", JsonArbitraries.array(choices));
          return (JsonNode) completion;
        }));
  }
}
