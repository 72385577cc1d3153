package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.Reply;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lantern assistant chat` and `ask` as a user at a terminal runs them, against the scripted model. */
class AssistantChatIT {
  private static final FakeOpenAi MODEL = FakeOpenAi.start();

  @TempDir
  Path home;

  @AfterAll
  static void stop() {
    MODEL.close();
  }

  @Test
  void chatStreamsAnswersShowsToolCallsAndRunsItsCommands() throws Exception {
    MODEL.script("chat", Reply.toolCall("memory", "{\"action\":\"add\",\"target\":\"user\",\"content\":\"Name: Ada\"}"),
        Reply.stream("Nice", " to", " meet", " you,", " Ada."));
    LanternProcess chat = start("chat");
    try (OutputStream in = chat.process.getOutputStream()) {
      in.write("/help\nI am Ada\n/memory\n/model cheap\n/skills\n/new\n/nonsense\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(chat.process.waitFor(60, TimeUnit.SECONDS)).as(chat.output()).isTrue();

    assertThat(chat.process.exitValue()).as(chat.output()).isZero();
    assertThat(chat.output())
        .contains("/new            start a new session")
        .contains("→ memory {\"action\":\"add\"")
        .contains("Nice to meet you, Ada.")
        .contains("## USER PROFILE (who the user is) [1% — 9/1,375 chars]\nName: Ada")
        .contains("Model: cheap")
        .contains("No skills yet.")
        .contains("New session ")
        .contains("Unknown command /nonsense");
  }

  @Test
  void ctrlCInterruptsTheAnswerAndTheChatGoesOn() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    MODEL.script("chat", Reply.stream("a", " long", " answer").holdingAfterFirstToken(hold), Reply.stream("still", " here"));
    LanternProcess chat = LanternProcess.startAtATerminal(Files.createTempFile(home, "run", ".log"),
        environment(), "assistant", "chat");
    OutputStream in = chat.process.getOutputStream();
    in.write("tell me a long story\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!chat.output().contains("you> a") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    new ProcessBuilder("kill", "-INT", Long.toString(chat.process.pid())).start().waitFor();
    while (!chat.output().contains("(interrupted)") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    hold.countDown();
    in.write("are you there?\n".getBytes(StandardCharsets.UTF_8));
    in.close();

    assertThat(chat.process.waitFor(60, TimeUnit.SECONDS)).as(chat.output()).isTrue();
    assertThat(chat.process.exitValue()).as(chat.output()).isZero();
    assertThat(chat.output()).contains("(interrupted)").contains("still here").doesNotContain("long answer");
  }

  @Test
  void askFailsWithOneClearLineAndANonZeroStatus() throws Exception {
    MODEL.script("chat", Reply.status(401, "bad key"));
    LanternProcess ask = start("ask", "hello");
    assertThat(ask.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ask.process.exitValue()).isEqualTo(1);
    assertThat(lastLine(ask)).startsWith("lantern: the model endpoint").contains("refused the API key");
    assertThat(ask.output()).doesNotContain("Exception").doesNotContain("\tat ");

    Path notADirectory = Files.writeString(home.resolve("file"), "x");
    LanternProcess unusable = LanternProcess.start(home.resolve("bad.log"), Map.of("LANTERN_HOME",
        notADirectory.resolve("home").toString(), "OPENAI_API_BASE", MODEL.baseUrl("chat")), "assistant", "ask", "hi");
    assertThat(unusable.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(unusable.process.exitValue()).isEqualTo(1);
    assertThat(lastLine(unusable)).startsWith("lantern: the home directory").contains("LANTERN_HOME");
    assertThat(unusable.output()).doesNotContain("Exception");

    Files.writeString(home.resolve("config.yaml"), "agent:\n  max_turns: many\n");
    LanternProcess badConfig = start("ask", "hi");
    assertThat(badConfig.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(badConfig.process.exitValue()).isEqualTo(2);
    assertThat(badConfig.output()).contains("lantern: invalid config:").contains("agent.max_turns");
  }

  private static String lastLine(LanternProcess process) throws Exception {
    List<String> lines = process.output().strip().lines().toList();
    return lines.getLast();
  }

  private LanternProcess start(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "assistant";
    System.arraycopy(args, 0, command, 1, args.length);
    return LanternProcess.start(Files.createTempFile(home, "run", ".log"), environment(), command);
  }

  private Map<String, String> environment() {
    return Map.of("LANTERN_HOME", home.toString(), "OPENAI_API_BASE", MODEL.baseUrl("chat"), "LANTERN_MODEL", "m");
  }
}
