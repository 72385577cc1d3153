package dev.lantern.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.OpenAiChatClient;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.llm.ToolCall;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CompressionTest {
  private static final FakeOpenAi MODEL = FakeOpenAi.start();
  private static final String SUMMARY = "## Goal\nfix web\n## Progress\nchecked pods\n## Decisions\nnone\n## Next steps\nlogs";

  // A 2,000-token window compressed at 50%: 1,000 estimated tokens, about 4,000 characters.
  private final AgentSettings settings = AgentSettings.defaults().withModel("m").withContext(2_000, 0.5, 3, 4);
  private final List<List<Message>> flushed = new ArrayList<>();
  private final Compressor compressor = new Compressor(new OpenAiChatClient(MODEL.baseUrl("m"), null,
      Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)), settings, flushed::add);

  @BeforeEach
  void reset() {
    MODEL.reset();
  }

  @AfterAll
  static void stop() {
    MODEL.close();
  }

  @Test
  void nothingHappensBelowTheThreshold() throws Exception {
    Conversation conversation = turns(3, 100);

    assertThat(compressor.compressIfNeeded(conversation, new Cancellation())).isNull();
    assertThat(conversation.size()).isEqualTo(1 + 3 * 4);
    assertThat(MODEL.calls("m")).isZero();
  }

  @Test
  void oldToolOutputsAreElidedFirstAndTheModelIsNotAsked() throws Exception {
    Conversation conversation = turns(3, 1_500);
    int before = conversation.estimatedTokens();

    String note = compressor.compressIfNeeded(conversation, new Cancellation());

    assertThat(note).contains("elided 2 old tool outputs");
    assertThat(conversation.estimatedTokens()).isLessThan(before).isLessThanOrEqualTo(settings.compressionThreshold());
    List<Message> messages = conversation.messages();
    assertThat(messages).hasSize(13);
    assertThat(messages.get(3).content()).isEqualTo("[old tool output elided: 1500 characters]");
    assertThat(messages.get(11).content()).hasSize(1_500).as("the last turn keeps its output");
    assertThat(MODEL.calls("m")).isZero();
    assertThat(flushed).isEmpty();
  }

  @Test
  void theMiddleIsSummarisedKeepingTheFirstAndLastMessages() throws Exception {
    MODEL.script("m", Reply.text(SUMMARY));
    Conversation conversation = turns(30, 150);
    List<Message> original = conversation.messages();

    String note = compressor.compressIfNeeded(conversation, new Cancellation());

    assertThat(note).contains("summarised");
    List<Message> messages = conversation.messages();
    // keepFirst 3 ends on the first tool call, so its result stays with it: the head is 4 messages.
    assertThat(messages.subList(0, 4)).isEqualTo(original.subList(0, 4));
    assertThat(messages.get(4).role()).isEqualTo(Role.USER);
    assertThat(messages.get(4).content()).startsWith(Compressor.SUMMARY_HEADER).endsWith(SUMMARY);
    assertThat(messages.subList(5, messages.size())).isEqualTo(original.subList(original.size() - 4, original.size()));
    assertThat(messages).hasSize(4 + 1 + 4);
    assertThat(conversation.estimatedTokens()).isLessThanOrEqualTo(settings.compressionThreshold());
    // The summariser saw the middle turns and was asked for the structure.
    String prompt = MODEL.received("m").getFirst().body().path("messages").path(0).path("content").asString();
    assertThat(prompt).contains("## Goal", "## Progress", "## Decisions", "## Next steps");
    String transcript = MODEL.received("m").getFirst().body().path("messages").path(1).path("content").asString();
    assertThat(transcript).contains("question 2").doesNotContain("question 0").doesNotContain("question 29");
    // What left was offered to the memory flush first.
    assertThat(flushed).hasSize(1);
    assertThat(flushed.getFirst()).hasSize(original.size() - 4 - 4);
  }

  @Test
  void aCutNeverSeparatesToolCallsFromTheirResults() throws Exception {
    MODEL.script("m", Reply.text(SUMMARY));
    Conversation conversation = turns(30, 150);
    // keepLast 2 lands on the last turn's tool result: the tail must start at its assistant call.
    AgentSettings odd = settings.withContext(2_000, 0.5, 3, 2);
    String note = new Compressor(new OpenAiChatClient(MODEL.baseUrl("m"), null, Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(5)), odd, Compressor.BeforeSummary.NONE)
        .compressIfNeeded(conversation, new Cancellation());

    assertThat(note).contains("summarised");
    List<Message> kept = conversation.messages();
    assertThat(kept.get(3).role()).as("the head grew to keep the first call's result").isEqualTo(Role.TOOL);
    assertThat(kept.get(kept.size() - 3).callsTools()).as("the tail starts at the last call").isTrue();
    List<Message> messages = conversation.messages();
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).role() == Role.TOOL) {
        assertThat(messages.get(i - 1).callsTools() || messages.get(i - 1).role() == Role.TOOL)
            .as("message %d is a tool result right after its call", i).isTrue();
      }
    }
  }

  @Test
  void whenTheSummaryFailsNothingIsLostWhileTheConversationFitsTheWindow() throws Exception {
    MODEL.script("m", Reply.status(500, "down"), Reply.status(500, "down"));
    Conversation conversation = turns(30, 150);

    String note = compressor.compressIfNeeded(conversation, new Cancellation());

    assertThat(note).contains("could not summarise");
    assertThat(conversation.size()).isEqualTo(1 + 30 * 4);
    assertThat(flushed).isEmpty();
  }

  @Test
  void whenTheSummaryFailsAndTheWindowIsFullTheMiddleIsDroppedWithANote() throws Exception {
    MODEL.script("m", Reply.status(500, "down"), Reply.status(500, "down"));
    Conversation conversation = turns(80, 150);

    compressor.compressIfNeeded(conversation, new Cancellation());

    assertThat(conversation.messages().get(4).content()).contains("earlier messages were removed");
    assertThat(conversation.estimatedTokens()).isLessThanOrEqualTo(settings.contextWindow());
  }

  @Test
  void anInterruptDuringTheSummaryChangesNothing() throws Exception {
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    MODEL.script("m", Reply.stream("summary").withDelay(Duration.ofSeconds(5)));
    Conversation conversation = turns(30, 150);
    List<Message> before = conversation.messages();
    Cancellation cancellation = new Cancellation();
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException ignored) {
        // the test is over
      }
      cancellation.cancel();
      hold.countDown();
    });

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> compressor.compressIfNeeded(conversation, cancellation))
        .isInstanceOfSatisfying(dev.lantern.agent.llm.LlmException.class,
            e -> assertThat(e.kind()).isEqualTo(dev.lantern.agent.llm.LlmException.Kind.CANCELLED));
    assertThat(conversation.messages()).isEqualTo(before);
    assertThat(flushed).isEmpty();
  }

  @Test
  void aTurnTooBigOnItsOwnKeepsItsQuestionAndItsLastTwoToolOutputs() throws Exception {
    MODEL.script("m", Reply.text(SUMMARY));
    Conversation conversation = turns(3, 100);
    conversation.add(Message.user("the current question"));
    for (int i = 0; i < 8; i++) {
      ToolCall call = new ToolCall("big" + i, "pods_log", "{}");
      conversation.add(Message.assistant("", List.of(call)));
      conversation.add(Message.toolResult(call, "log line ".repeat(150)));
    }

    compressor.compressIfNeeded(conversation, new Cancellation());

    List<Message> messages = conversation.messages();
    assertThat(messages).anyMatch(m -> m.content().equals("the current question"));
    List<Message> outputs = messages.stream().filter(m -> m.role() == Role.TOOL && m.toolCallId().startsWith("big"))
        .toList();
    assertThat(outputs).hasSize(8);
    assertThat(outputs.subList(outputs.size() - 2, outputs.size())).allMatch(m -> m.content().length() == 1_350);
    assertThat(outputs.subList(0, outputs.size() - 2)).allMatch(m -> m.content().startsWith("[old tool output elided"));
    assertThat(conversation.estimatedTokens()).isLessThanOrEqualTo(settings.compressionThreshold());
  }

  @Test
  void afterASummaryTheNextCompressionIsSeveralTurnsAway() throws Exception {
    MODEL.script("m", Reply.text(SUMMARY), Reply.text(SUMMARY), Reply.text(SUMMARY));
    Conversation conversation = turns(30, 150);
    compressor.compressIfNeeded(conversation, new Cancellation());

    int turnsUntilNext = 0;
    while (!compressor.needed(conversation)) {
      conversation.add(Message.user("more " + turnsUntilNext));
      conversation.add(Message.assistant("ok " + "z".repeat(150)));
      turnsUntilNext++;
    }
    assertThat(turnsUntilNext).isGreaterThanOrEqualTo(5);
  }

  /** A system prompt, then turns of: user, assistant calling a tool, the tool's output, answer. */
  private static Conversation turns(int count, int outputChars) {
    Conversation conversation = new Conversation(Message.system("system"));
    for (int i = 0; i < count; i++) {
      ToolCall call = new ToolCall("c" + i, "pods_list", "{}");
      conversation.add(Message.user("question " + i));
      conversation.add(Message.assistant("", List.of(call)));
      conversation.add(Message.toolResult(call, "x".repeat(outputChars)));
      conversation.add(Message.assistant("answer " + i));
    }
    return conversation;
  }
}
