package dev.lantern.assistant.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
  private static SessionStore shared;

  @TempDir
  Path dir;

  @BeforeContainer
  static void openShared() throws Exception {
    shared = SessionStore.open(Files.createTempDirectory("sessions").resolve("state.db"));
    String id = shared.startSession("cli", "free");
    shared.appendTurn(id, List.of(Message.user("the ingress controller keeps restarting"),
        Message.assistant("traefik was OOMKilled")));
  }

  @AfterContainer
  static void closeShared() {
    shared.close();
  }

  @Test
  void aTurnIsSavedAndReadBackExactlyWithToolCalls() {
    try (SessionStore store = SessionStore.open(dir.resolve("state.db"))) {
      String id = store.startSession("cli", "free");
      ToolCall call = new ToolCall("call_0", "mcp_kubernetes_pods_list", "{\"namespace\":\"demo\"}");
      List<Message> turn = List.of(Message.user("how are my pods?"), Message.assistant("", List.of(call)),
          Message.toolResult(call, "web-0 Running"), Message.assistant("All running."));

      store.appendTurn(id, turn);

      assertThat(store.messages(id)).isEqualTo(turn);
      assertThat(store.latest("cli")).get().satisfies(info -> assertThat(info.title()).isEqualTo("how are my pods?"));
    }
  }

  @Test
  void aWriteAfterAReadStillWorksWhenAnotherProcessWroteInBetween() throws Exception {
    try (SessionStore store = SessionStore.open(dir.resolve("state.db"))) {
      store.putSetting("telegram.offset", "1");
      for (int i = 0; i < 3; i++) {
        store.setting("telegram.offset"); // the poller reads its offset, as before every getUpdates
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"))) {
          other.createStatement().execute("INSERT INTO settings (key, value) VALUES ('cli." + i + "', 'x')");
        }
        long id = store.receive("telegram:1:1", 1, "hello " + i, "telegram.offset", Integer.toString(i + 2));
        assertThat(id).isPositive();
      }
      assertThat(store.setting("cli.2")).contains("x");
    }
  }

  @Test
  void continuingPicksTheLatestSessionThatHasMessages() {
    try (SessionStore store = SessionStore.open(dir.resolve("state.db"))) {
      String talked = store.startSession("cli", "free");
      store.appendTurn(talked, List.of(Message.user("hello"), Message.assistant("hi")));
      store.startSession("cli", "free"); // opened and left at once

      assertThat(store.latest("cli")).get().extracting(SessionInfo::id).isEqualTo(talked);
      assertThat(store.latest("telegram:1")).isEmpty();
    }
  }

  @Test
  void theDatabaseIsInWalModeWithAnFts5Index() throws Exception {
    try (SessionStore store = SessionStore.open(dir.resolve("state.db"))) {
      store.startSession("cli", "free");
    }
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        ResultSet mode = connection.createStatement().executeQuery("PRAGMA journal_mode");
        ResultSet fts = connection.createStatement().executeQuery(
            "SELECT sql FROM sqlite_master WHERE name = 'messages_fts'")) {
      assertThat(mode.next() && mode.getString(1).equals("wal")).isTrue();
      assertThat(fts.next()).isTrue();
      assertThat(fts.getString(1)).contains("fts5");
    }
  }

  @Test
  void searchFindsPastSessionsByWordsWithMarkedSnippets() {
    try (SessionStore store = SessionStore.open(dir.resolve("state.db"))) {
      String old = store.startSession("cli", "free");
      store.appendTurn(old, List.of(Message.user("my backup job uses restic to a MinIO bucket"),
          Message.assistant("noted")));
      String other = store.startSession("cli", "free");
      store.appendTurn(other, List.of(Message.user("what is the weather"), Message.assistant("no idea")));
      String current = store.startSession("cli", "free");
      store.appendTurn(current, List.of(Message.user("restic again")));

      List<SearchHit> hits = store.search("which tool does my backup use? restic", 10, current);

      assertThat(hits).isNotEmpty().allMatch(hit -> hit.sessionId().equals(old));
      assertThat(hits.getFirst().snippet()).contains("»restic«");
      assertThat(store.search("weather", 10, current)).extracting(SearchHit::sessionId).containsExactly(other);
      assertThat(store.search("!!! ---", 10, null)).isEmpty();
    }
  }

  @Property(tries = 300)
  void anySearchTextIsAValidQuery(@ForAll String query) {
    assertThat(shared.search(query, 5, null)).isNotNull();
  }

  @Test
  void aKilledWriterLosesAtMostTheTurnInFlightAndTheNextStartResumes() throws Exception {
    Path db = dir.resolve("state.db");
    Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        TurnWriterMain.class.getName(), db.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && countIn(db) < 60) {
        Thread.sleep(100);
      }
    } finally {
      writer.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
      writer.waitFor(10, TimeUnit.SECONDS);
    }

    try (SessionStore store = SessionStore.open(db)) {
      assertThat(store.integrityCheck()).isEqualTo("ok");
      int count = store.messageCount();
      assertThat(count).isGreaterThanOrEqualTo(60);
      assertThat(count % TurnWriterMain.MESSAGES_PER_TURN).as("only whole turns are saved").isZero();
      String session = store.latest("cli").orElseThrow().id();
      store.appendTurn(session, List.of(Message.user("after the crash"), Message.assistant("still here")));
      assertThat(store.messages(session).getLast().content()).isEqualTo("still here");
    }
  }

  private static int countIn(Path db) {
    if (!Files.exists(db)) {
      return 0;
    }
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM messages")) {
      return rows.next() ? rows.getInt(1) : 0;
    } catch (Exception notYet) {
      return 0;
    }
  }
}
