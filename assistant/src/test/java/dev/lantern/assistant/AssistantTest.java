package dev.lantern.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.HomeException;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.memory.MemoryStore.Target;
import dev.lantern.assistant.tools.Clarifier;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.Received;
import dev.lantern.testkit.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssistantTest {
  private static final FakeOpenAi MODEL = FakeOpenAi.start();

  @TempDir
  Path dir;

  @BeforeEach
  void reset() {
    MODEL.reset();
  }

  @AfterAll
  static void stop() {
    MODEL.close();
  }

  @Test
  void theSystemPromptHoldsTheSoulAFrozenMemorySnapshotAndTheSkillIndex() throws Exception {
    LanternHome home = home("");
    Files.writeString(home.soul(), "You are Wick, a terse SRE.");
    try (Assistant assistant = open(home, "")) {
      assistant.memory().add(Target.USER, "Name: Ada, runs K3s on Pis");
      assistant.skills().create("drain-node", "kubernetes", "---\nname: drain-node\ndescription: Drain a node safely\n---\nsteps");
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      MODEL.script("m", Reply.toolCall("memory", "{\"action\":\"add\",\"target\":\"memory\",\"content\":\"NAS at 10.0.0.9\"}"),
          Reply.text("saved"), Reply.text("second answer"));

      session.ask("remember the NAS is at 10.0.0.9", TurnListener.SILENT, new Cancellation());
      session.ask("thanks", TurnListener.SILENT, new Cancellation());

      String system = MODEL.received("m").getFirst().body().path("messages").path(0).path("content").asString();
      assertThat(system).startsWith("You are Wick, a terse SRE.");
      assertThat(system).contains("Name: Ada, runs K3s on Pis").contains("[").contains("/1,375 chars]");
      assertThat(system).contains("- drain-node (kubernetes): Drain a node safely").doesNotContain("steps");
      String later = MODEL.received("m").get(2).body().path("messages").path(0).path("content").asString();
      assertThat(later).as("the snapshot is frozen for the session").isEqualTo(system).doesNotContain("10.0.0.9");
      assertThat(assistant.memory().entries(Target.MEMORY)).containsExactly("NAS at 10.0.0.9");

      session.reset();
      MODEL.script("m", Reply.text("hello again"));
      session.ask("hi", TurnListener.SILENT, new Cancellation());
      String next = MODEL.received("m").getLast().body().path("messages").path(0).path("content").asString();
      assertThat(next).as("a new session sees what the last one saved").contains("NAS at 10.0.0.9");
    }
  }

  @Test
  void turnsAreSavedAndTheLatestSessionResumes() throws Exception {
    LanternHome home = home("");
    String first;
    try (Assistant assistant = open(home, "")) {
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      MODEL.script("m", Reply.text("Paris"));
      session.ask("capital of France?", TurnListener.SILENT, new Cancellation());
      first = session.sessionId();
    }
    try (Assistant assistant = open(home, "")) {
      assertThat(assistant.resumeSession("telegram:1:1", Clarifier.NOBODY)).as("another source's").isEmpty();
      ChatSession session = assistant.resumeSession("cli", Clarifier.NOBODY).orElseThrow();
      assertThat(session.sessionId()).isEqualTo(first);
      MODEL.script("m", Reply.text("Berlin"));
      session.ask("and Germany?", TurnListener.SILENT, new Cancellation());

      var messages = MODEL.received("m").getLast().body().path("messages");
      assertThat(messages.path(1).path("content").asString()).isEqualTo("capital of France?");
      assertThat(messages.path(2).path("content").asString()).isEqualTo("Paris");
      assertThat(assistant.sessions().messages(first)).hasSize(4);
    }
  }

  @Test
  void sessionSearchFindsAnEarlierConversation() throws Exception {
    // Memory off: no flush review when the session changes, so the script is the conversation's alone.
    try (Assistant assistant = open(home("memory: {memory_enabled: false, user_profile_enabled: false}"), "")) {
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      MODEL.script("m", Reply.text("ok"));
      session.ask("my backups go to a MinIO bucket called vault-7", TurnListener.SILENT, new Cancellation());
      session.reset();
      MODEL.script("m", Reply.toolCall("session_search", "{\"query\":\"backups bucket\"}"), Reply.text("vault-7"));

      TurnOutcome outcome = session.ask("where did I say backups go?", TurnListener.SILENT, new Cancellation());

      assertThat(outcome.answer()).isEqualTo("vault-7");
      String result = MODEL.received("m").getLast().body().path("messages").path(3).path("content").asString();
      assertThat(result).contains("»bucket«").contains("vault-7");
    }
  }

  @Test
  void longSearchResultsAreSummarisedByTheModelAgainstTheQuery() throws Exception {
    try (Assistant assistant = open(home("memory: {memory_enabled: false, user_profile_enabled: false}"), "")) {
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      for (int i = 0; i < 12; i++) {
        MODEL.script("m", Reply.text("noted"));
        session.ask("grafana dashboard number " + i + " shows " + "latency ".repeat(60), TurnListener.SILENT,
            new Cancellation());
        session.reset();
      }
      MODEL.reset();
      MODEL.script("m", Reply.toolCall("session_search", "{\"query\":\"grafana latency\",\"limit\":20}"),
          Reply.text("Twelve dashboards, all about latency."), Reply.text("You have twelve."));

      session.ask("what did I say about grafana?", TurnListener.SILENT, new Cancellation());

      List<Received> calls = MODEL.received("m");
      assertThat(calls).hasSize(3);
      String summaryRequest = calls.get(1).body().path("messages").path(1).path("content").asString();
      assertThat(summaryRequest).startsWith("Question: grafana latency").contains("grafana dashboard number");
      String toolResult = calls.get(2).body().path("messages").path(3).path("content").asString();
      assertThat(toolResult).startsWith("[summary of 12 matches]").contains("Twelve dashboards");
    }
  }

  @Test
  void aMemoryReviewRunsInTheBackgroundEveryNUserTurnsAndWritesMemory() throws Exception {
    try (Assistant assistant = open(home("memory:\n  nudge_interval: 2\n"), "")) {
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      MODEL.script("m", Reply.text("hi Ada"), Reply.text("noted"),
          // the review, after the second turn:
          Reply.toolCall("memory", "{\"action\":\"add\",\"target\":\"user\",\"content\":\"Name is Ada; prefers metric units\"}"),
          Reply.text("saved one fact"));

      session.ask("I'm Ada", TurnListener.SILENT, new Cancellation());
      assertThat(assistant.reviewer().awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(MODEL.calls("m")).as("no review after the first turn").isEqualTo(1);
      session.ask("I prefer metric units", TurnListener.SILENT, new Cancellation());
      assertThat(assistant.reviewer().awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(assistant.memory().entries(Target.USER)).containsExactly("Name is Ada; prefers metric units");
      Received review = MODEL.received("m").get(2);
      assertThat(review.body().path("messages").path(0).path("content").asString()).contains("facts about the user");
      assertThat(review.body().path("messages").path(1).path("content").asString()).contains("I prefer metric units");
      assertThat(review.body().path("tools").valueStream().map(t -> t.path("function").path("name").asString()))
          .containsExactly("memory");
    }
  }

  @Test
  void aSkillReviewAfterEnoughToolIterationsSavesAProcedure() throws Exception {
    try (Assistant assistant = open(home("skills:\n  creation_nudge_interval: 2\nmemory:\n  nudge_interval: 0\n"), "")) {
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      MODEL.script("m",
          Reply.toolCall("todo", "{\"todos\":[{\"id\":\"1\",\"content\":\"check pods\",\"status\":\"in_progress\"}]}"),
          Reply.toolCall("todo", "{\"todos\":[{\"id\":\"1\",\"content\":\"check pods\",\"status\":\"completed\"}]}"),
          Reply.text("done"),
          // the skill review:
          Reply.toolCall("skill_manage", "{\"action\":\"create\",\"name\":\"check-pods\",\"category\":\"kubernetes\","
              + "\"content\":\"---\\nname: check-pods\\ndescription: Check pods step by step\\n---\\n1. list\\n2. logs\\n\"}"),
          Reply.text("saved"));

      session.ask("check my pods", TurnListener.SILENT, new Cancellation());
      assertThat(assistant.reviewer().awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(assistant.skills().find("check-pods")).get()
          .satisfies(skill -> assertThat(skill.category()).isEqualTo("kubernetes"));
      assertThat(MODEL.received("m").get(3).body().path("messages").path(0).path("content").asString())
          .contains("skill_manage");
    }
  }

  @Test
  void aNewSessionFlushesWhatTheOldOneTaughtToMemoryFirst() throws Exception {
    try (Assistant assistant = open(home("memory:\n  nudge_interval: 0\n"), "")) {
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      MODEL.script("m", Reply.text("got it"),
          // the flush, when the session is reset:
          Reply.toolCall("memory", "{\"action\":\"add\",\"target\":\"user\",\"content\":\"Cluster is called orion\"}"),
          Reply.text("saved"));
      session.ask("my cluster is called orion", TurnListener.SILENT, new Cancellation());

      session.reset();
      assertThat(assistant.reviewer().awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(assistant.memory().entries(Target.USER)).containsExactly("Cluster is called orion");
      assertThat(MODEL.received("m").get(1).body().path("messages").path(0).path("content").asString())
          .contains("about to be removed from your context");
    }
  }

  @Test
  void clarifyAsksTheUserAndNobodyMeansBestJudgement() throws Exception {
    Clarifier user = (question, choices) -> Optional.of(choices.get(1));
    try (Assistant assistant = Assistant.open(home(""), config(""), Duration.ofSeconds(1))) {
      ChatSession session = assistant.startSession("cli", user);
      MODEL.script("m", Reply.toolCall("clarify", "{\"question\":\"Which namespace?\",\"choices\":[\"demo\",\"prod\"]}"),
          Reply.text("prod it is"));
      session.ask("check the namespace", TurnListener.SILENT, new Cancellation());
      assertThat(MODEL.received("m").getLast().body().path("messages").path(3).path("content").asString())
          .isEqualTo("the user answered: prod");
    }
    try (Assistant assistant = open(home(""), "")) {
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      MODEL.script("m", Reply.toolCall("clarify", "{\"question\":\"Which?\"}"), Reply.text("guessing"));
      session.ask("check", TurnListener.SILENT, new Cancellation());
      assertThat(MODEL.received("m").getLast().body().path("messages").path(3).path("content").asString())
          .contains("no user is available");
    }
  }

  @Test
  void compressionFlushesWhatIsLeavingToMemoryFirst() throws Exception {
    String yaml = "model:\n  context_length: 2000\ncompression:\n  protect_last_n: 4\nmemory:\n  nudge_interval: 0\n";
    try (Assistant assistant = open(home(yaml), "")) {
      ChatSession session = assistant.startSession("cli", Clarifier.NOBODY);
      for (int i = 0; i < 12; i++) {
        MODEL.script("m", Reply.text("answer " + i + " " + "y".repeat(300)));
        session.ask("question " + i + " " + "x".repeat(300), TurnListener.SILENT, new Cancellation());
        assistant.reviewer().awaitIdle(Duration.ofSeconds(10));
      }

      List<String> systemPrompts = MODEL.received("m").stream()
          .map(r -> r.body().path("messages").path(0).path("content").asString()).toList();
      assertThat(systemPrompts).anyMatch(p -> p.contains("about to be removed from your context"));
      assertThat(systemPrompts).anyMatch(p -> p.contains("Summarise the conversation"));
      assertThat(session.messages().size()).isLessThan(1 + 2 * 12);
      assertThat(session.messages()).anyMatch(m -> m.role() == Role.USER
          && m.content().startsWith("[Summary of the earlier conversation"));
      assertThat(assistant.sessions().messages(session.sessionId())).as("the store keeps everything").hasSize(24);
    }
  }

  @Test
  void aHomeThatCannotBeCreatedIsAClearError() throws Exception {
    // Root can write anywhere, so the unusable home is one whose parent is a regular file.
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    LanternHome home = new LanternHome(file.resolve("home"));

    assertThatThrownBy(home::prepare).isInstanceOf(HomeException.class)
        .hasMessageContaining(file.resolve("home").toString()).hasMessageContaining("LANTERN_HOME");
  }

  private LanternHome home(String yaml) throws Exception {
    LanternHome home = new LanternHome(Files.createTempDirectory(dir, "home")).prepare();
    Files.writeString(home.config(), yaml);
    return home;
  }

  private AssistantConfig config(String extra) {
    return AssistantConfig.parse(extra, "config.yaml", Map.of("OPENAI_API_BASE", MODEL.baseUrl("m"),
        "LANTERN_MODEL", "m"));
  }

  private Assistant open(LanternHome home, String unused) throws Exception {
    AssistantConfig config = AssistantConfig.load(home.config(), Map.of("OPENAI_API_BASE", MODEL.baseUrl("m"),
        "LANTERN_MODEL", "m"));
    return Assistant.open(home, config, Duration.ofSeconds(1));
  }
}
