package dev.lantern.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) that sends every group to one webhook,
 * with short timers so a test sees the first notification and its repeats within seconds.
 */
public final class AlertmanagerServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private AlertmanagerServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static AlertmanagerServer sendingTo(String webhookUrl, Path workDir) throws Exception {
    Path binary = ExternalTool.require("prometheus-alertmanager", "apt-get install prometheus-alertmanager", "/usr/bin");
    Files.createDirectories(workDir);
    Path config = Files.writeString(workDir.resolve("alertmanager.yml"), """
        route:
          receiver: webhook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 3s
        receivers:
          - name: webhook
            webhook_configs:
              - url: "%s"
                send_resolved: true
        """.formatted(webhookUrl));
    int port = PrometheusServer.freePort();
    Path log = workDir.resolve("alertmanager.log");
    Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
        "--storage.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    AlertmanagerServer server = new AlertmanagerServer(process, port, log);
    server.awaitReady(Duration.ofSeconds(60));
    return server;
  }

  /** host:port, as Prometheus's alerting config names it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public URI uri() {
    return URI.create("http://" + address());
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  private void awaitReady(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new AssertionError("Alertmanager exited at start-up: " + log());
        }
        try {
          if (http.send(HttpRequest.newBuilder(uri().resolve("/-/ready")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // still starting
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("Alertmanager was not ready within " + timeout + ": " + log());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
