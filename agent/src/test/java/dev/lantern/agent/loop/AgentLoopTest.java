package dev.lantern.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.LlmException;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.OpenAiChatClient;
import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolBox;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.Received;
import dev.lantern.testkit.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AgentLoopTest {
  private static final FakeOpenAi MODEL = FakeOpenAi.start();
  private static final String SCHEMA = """
      {"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""";

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Tool lookup = Tools.define("lookup", "Looks a name up", Tools.schema(SCHEMA), true,
      args -> {
        seen.add(args.required("name"));
        return ToolResult.ok("found " + args.required("name"));
      });

  @BeforeEach
  void reset() {
    MODEL.reset();
  }

  @AfterAll
  static void stop() {
    MODEL.close();
  }

  @Test
  void theModelsToolCallRunsAndItsResultGoesBackBeforeTheAnswer() {
    MODEL.script("m", Reply.toolCall("lookup", "{\"name\":\"web-0\"}"), Reply.text("web-0 is fine"));
    Conversation conversation = conversation();

    TurnOutcome outcome = agent(lookup).run(conversation, "how is web-0?", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.answered()).isTrue();
    assertThat(outcome.answer()).isEqualTo("web-0 is fine");
    assertThat(outcome.iterations()).isEqualTo(1);
    JsonNode second = MODEL.received("m").get(1).body();
    JsonNode toolMessage = second.path("messages").path(3);
    assertThat(toolMessage.path("role").asString()).isEqualTo("tool");
    assertThat(toolMessage.path("tool_call_id").asString()).isEqualTo("call_0");
    assertThat(toolMessage.path("content").asString()).isEqualTo("found web-0");
    assertThat(MODEL.received("m").getFirst().body().path("tools").path(0).path("function").path("name").asString())
        .isEqualTo("lookup");
    assertThat(conversation.size()).isEqualTo(5);
  }

  @Test
  void streamedToolCallsAreAssembledFromTheirPieces() {
    MODEL.script("m", Reply.toolCall("lookup", "{\"name\":\"streamed-pod\"}"), Reply.stream("all", " good"));
    StringBuilder streamed = new StringBuilder();

    TurnOutcome outcome = agent(lookup).run(conversation(), "check", new TurnListener() {
      @Override
      public void text(String delta) {
        streamed.append(delta);
      }
    }, new Cancellation());

    assertThat(seen).containsExactly("streamed-pod");
    assertThat(outcome.answer()).isEqualTo("all good");
    assertThat(streamed).hasToString("all good");
  }

  @Test
  void badArgumentsAndUnknownToolsGoBackToTheModelAsToolErrors() {
    MODEL.script("m", Reply.toolCalls(new Reply.Call("lookup", "{not json"), new Reply.Call("nope", "{}"),
        new Reply.Call("lookup", "{\"name\":42}"), new Reply.Call("lookup", "{}")), Reply.text("sorry"));

    TurnOutcome outcome = agent(lookup).run(conversation(), "go", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.answered()).isTrue();
    JsonNode messages = MODEL.received("m").get(1).body().path("messages");
    assertThat(messages.path(3).path("content").asString()).startsWith("Error: ").contains("not valid JSON");
    assertThat(messages.path(4).path("content").asString()).contains("no tool named 'nope'").contains("lookup");
    assertThat(messages.path(5).path("content").asString()).contains("'name' must be a string");
    assertThat(messages.path(6).path("content").asString()).contains("'name' is required");
    assertThat(seen).isEmpty();
  }

  @Test
  void readOnlyCallsRunInParallelAndOthersInOrder() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Tool slowRead = Tools.define("slow_read", "reads", Tools.schema("{\"type\":\"object\"}"), true, args -> {
      bothStarted.countDown();
      return ToolResult.ok(bothStarted.await(5, TimeUnit.SECONDS) ? "together" : "alone");
    });
    MODEL.script("m", Reply.toolCalls(new Reply.Call("slow_read", "{}"), new Reply.Call("slow_read", "{}")),
        Reply.text("done"));

    agent(slowRead).run(conversation(), "go", TurnListener.SILENT, new Cancellation());

    JsonNode messages = MODEL.received("m").get(1).body().path("messages");
    assertThat(messages.path(3).path("content").asString()).isEqualTo("together");
    assertThat(messages.path(4).path("content").asString()).isEqualTo("together");

    List<Integer> order = new ArrayList<>();
    AtomicInteger counter = new AtomicInteger();
    Tool write = Tools.define("write", "writes", Tools.schema("{\"type\":\"object\"}"), false, args -> {
      int mine = counter.incrementAndGet();
      Thread.sleep(mine == 1 ? 200 : 0);
      order.add(mine);
      return ToolResult.ok("ok");
    });
    MODEL.reset();
    MODEL.script("m", Reply.toolCalls(new Reply.Call("write", "{}"), new Reply.Call("write", "{}")), Reply.text("ok"));
    agent(write).run(conversation(), "go", TurnListener.SILENT, new Cancellation());
    assertThat(order).containsExactly(1, 2);
  }

  @Test
  void theBudgetIsAnnouncedAt70And90PercentAndTheLastIterationMustAnswer() {
    for (int i = 0; i < 10; i++) {
      MODEL.script("m", Reply.toolCall("lookup", "{\"name\":\"n" + i + "\"}"));
    }
    MODEL.script("m", Reply.text("wrapped up"));

    TurnOutcome outcome = agent(lookup, AgentSettings.defaults().withModel("m").withMaxTurns(10))
        .run(conversation(), "loop", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.answer()).isEqualTo("wrapped up");
    assertThat(outcome.iterations()).isEqualTo(10);
    List<Received> calls = MODEL.received("m");
    assertThat(calls).hasSize(11);
    assertThat(lastContent(calls.get(7))).contains("[BUDGET: 7 of 10");
    assertThat(lastContent(calls.get(9))).contains("BUDGET WARNING: 9 of 10");
    assertThat(calls.get(10).body().path("tool_choice").asString()).as("the last call forbids tools").isEqualTo("none");
    assertThat(lastContent(calls.get(10))).contains("budget of this turn (10 iterations) is used up");
    long warnings = calls.get(10).body().path("messages").valueStream()
        .filter(m -> m.path("content").asString("").contains("BUDGET")).count();
    assertThat(warnings).isEqualTo(2);
  }

  @Test
  void toolCallsInTheLastAnswerAreDroppedSoNoCallIsLeftWithoutAResult() {
    MODEL.script("m", Reply.toolCall("lookup", "{\"name\":\"a\"}"), Reply.toolCall("lookup", "{\"name\":\"b\"}"));
    Conversation conversation = conversation();

    TurnOutcome outcome = agent(lookup, AgentSettings.defaults().withModel("m").withMaxTurns(1))
        .run(conversation, "go", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.answered()).isTrue();
    assertThat(outcome.answer()).contains("tool budget");
    assertThat(conversation.messages().getLast().callsTools()).isFalse();
    assertThat(seen).containsExactly("a");
  }

  @Test
  void aContextTooLongErrorCompressesAndAsksAgain() {
    MODEL.script("m", Reply.status(400, "This model's maximum context length is 4096 tokens"),
        Reply.text("## Goal\ng"), Reply.text("fits now"));
    Conversation conversation = conversation();
    for (int i = 0; i < 30; i++) {
      conversation.add(Message.user("old question " + i));
      conversation.add(Message.assistant("old answer " + i));
    }

    TurnOutcome outcome = agent(lookup, AgentSettings.defaults().withModel("m").withContext(100_000, 0.5, 3, 4))
        .run(conversation, "new question", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.answer()).isEqualTo("fits now");
    JsonNode retried = MODEL.received("m").get(2).body().path("messages");
    assertThat(retried.size()).isLessThan(60);
    assertThat(retried.valueStream().map(m -> m.path("content").asString(""))).anyMatch(c -> c.contains("Summary of"))
        .contains("new question");
  }

  @Test
  void anInterruptCancelsAModelThatHasNotStartedAnswering() {
    MODEL.script("m", Reply.text("late").withDelay(Duration.ofSeconds(20)));
    Cancellation cancellation = new Cancellation();
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException ignored) {
        // the test is over
      }
      cancellation.cancel();
    });

    TurnOutcome outcome = agent(lookup).run(conversation(), "hi", TurnListener.SILENT, cancellation);

    // Had the wait not been cancelled, the model's answer would have arrived and been ANSWERED.
    assertThat(outcome.status()).isEqualTo(TurnOutcome.Status.INTERRUPTED);
  }

  @Test
  void aModelThatRejectsToolsIsAskedAgainWithoutThemAndTheUserIsTold() {
    MODEL.script("m", Reply.status(404, "No endpoints found that support tool use."), Reply.text("plain answer"));
    List<String> notices = new ArrayList<>();

    TurnOutcome outcome = agent(lookup).run(conversation(), "hi", new TurnListener() {
      @Override
      public void notice(String message) {
        notices.add(message);
      }
    }, new Cancellation());

    assertThat(outcome.answer()).isEqualTo("plain answer");
    assertThat(MODEL.received("m").get(1).body().has("tools")).isFalse();
    assertThat(notices).anyMatch(n -> n.contains("does not support tools"));
  }

  @Test
  void aToolCallWrittenAsTextIsRunWhenItParses() {
    MODEL.script("m", Reply.text("<tool_call>{\"name\": \"lookup\", \"arguments\": {\"name\": \"db-1\"}}</tool_call>"),
        Reply.text("db-1 found"));

    TurnOutcome outcome = agent(lookup).run(conversation(), "find db-1", TurnListener.SILENT, new Cancellation());

    assertThat(seen).containsExactly("db-1");
    assertThat(outcome.answer()).isEqualTo("db-1 found");
    JsonNode assistant = MODEL.received("m").get(1).body().path("messages").path(2);
    assertThat(assistant.path("tool_calls").path(0).path("function").path("name").asString()).isEqualTo("lookup");
  }

  @Test
  void aTextToolCallThatCannotBeUsedIsReportedToTheModel() {
    MODEL.script("m", Reply.text("<tool_call>{\"name\": \"delete_everything\", \"arguments\": {}}</tool_call>"),
        Reply.text("I cannot do that"));

    TurnOutcome outcome = agent(lookup).run(conversation(), "go", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.answer()).isEqualTo("I cannot do that");
    assertThat(lastContent(MODEL.received("m").get(1))).contains("tool that does not exist: 'delete_everything'");
  }

  @Test
  void emptyAnswersFailTheTurnWithAClearErrorAfterOneRetry() {
    MODEL.script("m", Reply.text(""), Reply.text(""));

    TurnOutcome outcome = agent(lookup).run(conversation(), "hi", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.status()).isEqualTo(TurnOutcome.Status.FAILED);
    assertThat(outcome.error().kind()).isEqualTo(LlmException.Kind.BAD_RESPONSE);
    assertThat(outcome.error().getMessage()).isEqualTo("the model returned an empty answer");
    assertThat(MODEL.calls("m")).isEqualTo(2);
  }

  @Test
  void aWrongKeyFailsAtOnceNamingWhatToCheck() {
    MODEL.script("m", Reply.status(401, "invalid api key sk-123"));

    TurnOutcome outcome = agent(lookup).run(conversation(), "hi", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.error().kind()).isEqualTo(LlmException.Kind.AUTH);
    assertThat(outcome.error().getMessage()).contains("OPENAI_API_KEY");
    assertThat(MODEL.calls("m")).isEqualTo(1);
  }

  @Test
  void theUserCanInterruptAStreamingAnswer() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    MODEL.script("m", Reply.stream("partial", " answer").holdingAfterFirstToken(hold));
    Cancellation cancellation = new Cancellation();
    Conversation conversation = conversation();

    TurnOutcome outcome = agent(lookup).run(conversation, "long question", new TurnListener() {
      @Override
      public void text(String delta) {
        cancellation.cancel();
      }
    }, cancellation);
    hold.countDown();

    assertThat(outcome.status()).isEqualTo(TurnOutcome.Status.INTERRUPTED);
    assertThat(conversation.messages().getLast()).isEqualTo(Message.assistant("[interrupted by the user]"));
  }

  @Test
  void aSlowModelTimesOutWithAMessageSayingSo() {
    MODEL.script("m", Reply.text("late").withDelay(Duration.ofSeconds(3)), Reply.text("late").withDelay(Duration.ofSeconds(3)));
    OpenAiChatClient impatient = new OpenAiChatClient(MODEL.baseUrl("m"), "k", Duration.ofSeconds(2),
        Duration.ofMillis(500), Duration.ofSeconds(2));

    TurnOutcome outcome = new Agent(impatient, new ToolBox(), AgentSettings.defaults().withModel("m"),
        Compressor.BeforeSummary.NONE).run(conversation(), "hi", TurnListener.SILENT, new Cancellation());

    assertThat(outcome.error().kind()).isEqualTo(LlmException.Kind.TIMEOUT);
    assertThat(outcome.error().getMessage()).contains("did not start answering");
  }

  private static String lastContent(Received received) {
    JsonNode messages = received.body().path("messages");
    return messages.path(messages.size() - 1).path("content").asString("");
  }

  private static Conversation conversation() {
    return new Conversation(Message.system("You are a test."));
  }

  private Agent agent(Tool tool) {
    return agent(tool, AgentSettings.defaults().withModel("m"));
  }

  static Agent agent(Tool tool, AgentSettings settings) {
    OpenAiChatClient client = new OpenAiChatClient(MODEL.baseUrl("m"), "test-key", Duration.ofSeconds(2),
        Duration.ofSeconds(10), Duration.ofSeconds(10));
    return new Agent(client, new ToolBox().add(tool), settings, Compressor.BeforeSummary.NONE);
  }

}
