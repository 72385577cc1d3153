package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.FakeTelegram;
import dev.lantern.testkit.PrometheusServer;
import dev.lantern.testkit.Reply;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lantern assistant serve` as a process: SIGTERM during a turn loses nothing. */
class AssistantServeIT {
  private static final long ADA = 42;

  @TempDir
  Path home;

  private FakeOpenAi model;
  private FakeTelegram telegram;

  @BeforeEach
  void start() throws Exception {
    model = FakeOpenAi.start();
    telegram = FakeTelegram.start();
    Files.writeString(home.resolve("config.yaml"), "memory: {memory_enabled: false, user_profile_enabled: false}\n");
  }

  @AfterEach
  void stop() {
    telegram.close();
    model.close();
  }

  @Test
  void sigtermLetsTheTurnInFlightFinishAndItsAnswerIsDelivered() throws Exception {
    model.script("m", Reply.text("the slow answer").withDelay(Duration.ofSeconds(3)));
    LanternProcess serve = serve("25");
    telegram.userSays(ADA, "take your time");
    await().atMost(Duration.ofSeconds(30)).until(() -> model.calls("m") == 1);

    assertThat(serve.stop()).as("exits on SIGTERM:\n%s", serve.output()).isTrue();

    assertThat(telegram.sentTo(ADA)).containsExactly("the slow answer");
    assertThat(serve.output()).contains("assistant stopped").doesNotContain(FakeTelegram.TOKEN);
  }

  @Test
  void aTurnLongerThanTheGraceIsKeptAndAnsweredAfterTheRestart() throws Exception {
    model.script("m", Reply.text("too late").withDelay(Duration.ofSeconds(15)), Reply.text("answered after the restart"));
    LanternProcess first = serve("1");
    telegram.userSays(ADA, "a long question");
    await().atMost(Duration.ofSeconds(30)).until(() -> model.calls("m") == 1);
    assertThat(first.stop()).isTrue();
    assertThat(telegram.sentTo(ADA)).isEmpty();

    LanternProcess second = serve("25");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> telegram.sentTo(ADA).contains("answered after the restart"));
      assertThat(model.received("m").get(1).body().path("messages").path(1).path("content").asString())
          .isEqualTo("a long question");
    } finally {
      second.stop();
    }
    assertThat(telegram.sentTo(ADA)).containsExactly("answered after the restart");
  }

  private LanternProcess serve(String grace) throws Exception {
    int port = PrometheusServer.freePort();
    LanternProcess process = LanternProcess.start(Files.createTempFile(home, "serve", ".log"), Map.of(
        "LANTERN_HOME", home.toString(), "OPENAI_API_BASE", model.baseUrl("m"), "LANTERN_MODEL", "m",
        "TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN, "TELEGRAM_API_URL", telegram.apiUrl(),
        "TELEGRAM_ALLOWED_USERS", Long.toString(ADA)),
        "assistant", "serve", "--port", Integer.toString(port), "--grace", grace);
    process.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/healthz"));
    await().atMost(Duration.ofSeconds(30)).until(() -> process.output().contains("is polling for messages"));
    return process;
  }

}
