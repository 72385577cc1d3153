package dev.lantern.testkit;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Both messaging fakes for bench/serve.sh: a Telegram Bot API and a Discord gateway with REST, in
 * one JVM, and the users who talk to {@code assistant serve} through them. It prints how to reach
 * them, waits until the bot has connected to both, then sends TURNS messages, alternating
 * platforms, each after the previous one was answered, and logs {@code turn <n> <platform> <ms>}.
 *
 * <p>Usage: {@code MessagingBenchMain TURNS LOG_FILE}; prints "telegram URL", "discord URL" and
 * finally "done".
 */
public final class MessagingBenchMain {
  public static final long TELEGRAM_USER = 42;
  public static final long DISCORD_USER = 100_000_000_000_000_042L;
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(120);

  private MessagingBenchMain() {}

  public static void main(String[] args) throws Exception {
    int turns = Integer.parseInt(args[0]);
    try (FakeTelegram telegram = FakeTelegram.start();
        FakeDiscord discord = FakeDiscord.start(Duration.ofSeconds(10));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8), true)) {
      System.out.println("telegram " + telegram.apiUrl() + " " + FakeTelegram.TOKEN + " " + TELEGRAM_USER);
      System.out.println("discord " + discord.apiUrl() + " " + FakeDiscord.TOKEN + " " + DISCORD_USER);
      System.out.flush();
      waitFor(discord::isConnected, "the bot to connect to Discord");
      waitFor(() -> !telegram.commandMenus().isEmpty(), "the bot to start polling Telegram");
      for (int turn = 1; turn <= turns; turn++) {
        long started = System.nanoTime();
        boolean onTelegram = turn % 2 == 1;
        String text = "turn " + turn + ": update the todo list and tell me where we are";
        if (onTelegram) {
          int before = telegram.sentTo(TELEGRAM_USER).size();
          telegram.userSays(TELEGRAM_USER, text);
          waitFor(() -> telegram.sentTo(TELEGRAM_USER).size() > before, "Telegram turn " + turn);
        } else {
          long channel = FakeDiscord.dmChannel(DISCORD_USER);
          int before = discord.sentTo(channel).size();
          discord.userSays(DISCORD_USER, text);
          waitFor(() -> discord.sentTo(channel).size() > before, "Discord turn " + turn);
        }
        log.println("turn " + turn + " " + (onTelegram ? "telegram" : "discord") + " "
            + (System.nanoTime() - started) / 1_000_000);
      }
      System.out.println("done");
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what);
      }
      Thread.sleep(5);
    }
  }
}
