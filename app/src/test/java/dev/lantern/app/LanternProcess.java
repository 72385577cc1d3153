package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.ExternalTool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code bin/lantern} as a child process, as a user or a pod runs it, with its output in a log file. */
final class LanternProcess implements AutoCloseable {
  static final Path ROOT = ExternalTool.projectRoot();

  final Process process;
  final Path log;

  private LanternProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static LanternProcess start(Path log, Map<String, String> env, String... args) throws IOException {
    return start(log, env, List.of(), args);
  }

  /**
   * As from a terminal, where Ctrl-C reaches the process. A job started in the background by a
   * non-interactive shell (a CI runner may be one) inherits SIGINT as ignored, and the JVM then
   * refuses to install a handler for it; {@code env --default-signal=INT} restores the default.
   */
  static LanternProcess startAtATerminal(Path log, Map<String, String> env, String... args) throws IOException {
    return start(log, env, List.of("env", "--default-signal=INT"), args);
  }

  private static LanternProcess start(Path log, Map<String, String> env, List<String> prefix, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(ROOT.resolve("bin/lantern").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new LanternProcess(builder.start(), log);
  }

  /** Waits until {@code url} answers 200, failing with the log if the process dies or 60 s pass. */
  LanternProcess awaitHealthy(URI url) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (Instant.now().isBefore(deadline)) {
        assertThat(process.isAlive()).as("bin/lantern exited early:\n%s", output()).isTrue();
        try {
          if (http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return this;
          }
        } catch (IOException notYet) {
          // still starting
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError(url + " did not answer within 60 s:\n" + output());
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** SIGTERM, then SIGKILL if it has not exited in 20 s; true when SIGTERM was enough. */
  boolean stop() throws InterruptedException {
    process.destroy();
    boolean exited = process.waitFor(20, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    return exited;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
