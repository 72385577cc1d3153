package dev.lantern.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.Reply;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

/** Whatever the endpoint answers, the client returns an answer or a classified LlmException. */
class HostileModelAnswersTest {
  private static final FakeOpenAi MODEL = FakeOpenAi.start();
  private static final OpenAiChatClient CLIENT = new OpenAiChatClient(MODEL.baseUrl("m"), "sk-secret-key",
      Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
  private static final ChatRequest REQUEST = new ChatRequest("m", List.of(Message.user("hi")), List.of(), null);

  @AfterContainer
  static void stop() {
    MODEL.close();
  }

  @Property(tries = 60)
  void anyBodyWithAnyStatusIsAnAnswerOrAClassifiedError(@ForAll("statuses") int status, @ForAll("bodies") String body) {
    MODEL.reset();
    MODEL.script("m", Reply.raw(status, body));
    try {
      ChatResponse response = CLIENT.complete(REQUEST, TextSink.IGNORE, new Cancellation());
      assertThat(status / 100).isEqualTo(2);
      assertThat(response.message().content().isBlank() && !response.message().callsTools()).isFalse();
    } catch (LlmException e) {
      assertThat(e.kind()).isNotNull();
      assertThat(e.getMessage()).isNotBlank().doesNotContain("sk-secret-key").doesNotContain("\n");
    }
  }

  @Test
  void errorsAreClassifiedByStatusAndMessage() {
    assertThat(kindOf(Reply.status(429, "slow down"))).isEqualTo(LlmException.Kind.RATE_LIMITED);
    assertThat(kindOf(Reply.status(400, "registry.ollama.ai/library/gemma:2b does not support tools")))
        .isEqualTo(LlmException.Kind.TOOLS_UNSUPPORTED);
    assertThat(kindOf(Reply.status(400, "This model's maximum context length is 8192 tokens")))
        .isEqualTo(LlmException.Kind.CONTEXT_TOO_LONG);
    assertThat(kindOf(Reply.status(404, "model 'nope' not found"))).isEqualTo(LlmException.Kind.MODEL_NOT_FOUND);
    assertThat(kindOf(Reply.status(503, "overloaded"))).isEqualTo(LlmException.Kind.UNAVAILABLE);
    assertThat(kindOf(Reply.okWithErrorBody(502, "upstream error"))).isEqualTo(LlmException.Kind.UNAVAILABLE);
    assertThat(kindOf(Reply.streamDrop(1, "a", "b"))).isEqualTo(LlmException.Kind.UNAVAILABLE);
    assertThat(kindOf(Reply.streamErrorEvent(1, 500, "boom", "a", "b"))).isEqualTo(LlmException.Kind.UNAVAILABLE);
    assertThat(kindOf(Reply.reset())).isEqualTo(LlmException.Kind.CONNECTION);
  }

  @Test
  void anUnreachableEndpointSaysWhereItLookedWithoutCredentials() {
    OpenAiChatClient nowhere = new OpenAiChatClient("http://user:pw@127.0.0.1:1/v1", "k", Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(1));

    LlmException e = catchThrowableOfType(LlmException.class,
        () -> nowhere.complete(REQUEST, TextSink.IGNORE, new Cancellation()));

    assertThat(e.kind()).isEqualTo(LlmException.Kind.CONNECTION);
    assertThat(e.getMessage()).contains("http://127.0.0.1:1/v1/chat/completions").doesNotContain("pw");
  }

  private static LlmException.Kind kindOf(Reply reply) {
    MODEL.reset();
    MODEL.script("m", reply);
    boolean stream = reply.toString().contains("STREAM");
    LlmException e = catchThrowableOfType(LlmException.class,
        () -> CLIENT.complete(REQUEST, stream ? delta -> { } : delta -> { }, new Cancellation()));
    return e.kind();
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.of(200, 200, 200, 400, 401, 404, 429, 500, 502);
  }

  @Provide
  Arbitrary<String> bodies() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.of("{}", "[]", "null", "{\"choices\":[]}", "{\"choices\":[{}]}", "{\"choices\":null}",
            "{\"choices\":[{\"message\":{\"content\":null}}]}", "{\"choices\":[{\"message\":{\"content\":42}}]}",
            "{\"choices\":[{\"message\":{\"tool_calls\":\"x\"}}]}", "{\"error\":\"plain\"}",
            "{\"choices\":[{\"message\":{\"content\":\"fine\"}}]}", "{\"error\":{\"message\":null}}"));
  }
}
