package dev.lantern.assistant.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.http.BadRequest;
import dev.lantern.common.json.Json;
import dev.lantern.testkit.JsonArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Any body an API client can send is either a turn to run or a client error that says why. */
class ChatRequestPropertyTest {

  @Property(tries = 500)
  void anyBodyIsARequestOrABadRequestNeverAnotherFailure(@ForAll("bodies") JsonNode body) {
    try {
      ChatRequest request = ChatRequest.parse(body);
      assertThat(request.input()).isNotBlank();
      assertThat(request.earlier()).allMatch(m -> m.content() != null);
    } catch (BadRequest refused) {
      assertThat(refused.status()).isIn(400, 413);
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 200)
  void theLastUserMessageIsTheInputAndEverythingBeforeItIsKeptInOrder(
      @ForAll("conversations") java.util.List<String> texts) throws BadRequest {
    ObjectNode body = Json.object();
    var messages = body.putArray("messages");
    for (int i = 0; i < texts.size(); i++) {
      messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", texts.get(i));
    }
    if (texts.size() % 2 == 0) {
      messages.addObject().put("role", "user").put("content", "and now?");
    }

    ChatRequest request = ChatRequest.parse(body);

    String expectedInput = texts.size() % 2 == 0 ? "and now?" : texts.getLast();
    assertThat(request.input()).isEqualTo(expectedInput);
    assertThat(request.earlier()).extracting(m -> m.content())
        .containsExactlyElementsOf(texts.size() % 2 == 0 ? texts : texts.subList(0, texts.size() - 1));
  }

  @Provide
  Arbitrary<JsonNode> bodies() {
    Arbitrary<String> roles = Arbitraries.of("user", "assistant", "system", "developer", "tool", "function", "", "User");
    Arbitrary<JsonNode> content = Arbitraries.oneOf(JsonArbitraries.json(2),
        Arbitraries.strings().ofMaxLength(30).map(Json.NODES::stringNode));
    Arbitrary<JsonNode> message = Arbitraries.oneOf(
        net.jqwik.api.Combinators.combine(roles, content).as((role, text) -> (JsonNode) Json.object().put("role", role)
            .set("content", text)),
        JsonArbitraries.json(2));
    Arbitrary<JsonNode> messages = Arbitraries.oneOf(message.list().ofMaxSize(5).map(JsonArbitraries::array),
        JsonArbitraries.json(1));
    Arbitrary<String> keys = Arbitraries.of("messages", "stream", "stream_options", "user", "model", "tools");
    Arbitrary<JsonNode> values = Arbitraries.oneOf(messages, JsonArbitraries.json(2));
    return Arbitraries.oneOf(JsonArbitraries.objects(keys, values, 5), JsonArbitraries.json(3));
  }

  @Provide
  Arbitrary<java.util.List<String>> conversations() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank()).list().ofMinSize(1)
        .ofMaxSize(8);
  }
}
