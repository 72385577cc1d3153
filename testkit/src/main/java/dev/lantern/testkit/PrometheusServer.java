package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus server (Debian package {@code prometheus}) scraping one target every second,
 * queried through its HTTP API. Started on a free loopback port; {@link #close()} stops it.
 */
public final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final URI base;
  private final Path logFile;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, URI base, Path logFile) {
    this.process = process;
    this.base = base;
    this.logFile = logFile;
  }

  /**
   * @param target      host:port of the service to scrape
   * @param bearerToken sent as {@code Authorization: Bearer}, or null
   */
  public static PrometheusServer scraping(String target, String bearerToken, Path workDir) throws Exception {
    Path binary = ExternalTool.require("prometheus", "apt-get install prometheus", "/usr/bin");
    int port = freePort();
    String auth = bearerToken == null ? "" : "    authorization:\n      credentials: \"" + bearerToken + "\"\n";
    Path config = workDir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: lantern
            metrics_path: /metrics
        %s    static_configs:
              - targets: ["%s"]
        """.formatted(auth, target));
    Path log = workDir.resolve("prometheus.log");
    Process process = new ProcessBuilder(binary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + workDir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    server.awaitReady(Duration.ofSeconds(60));
    return server;
  }

  /**
   * A Prometheus that scrapes nothing and starts with history: {@code openMetrics} (OpenMetrics text
   * with timestamps, ending in {@code # EOF}) is turned into TSDB blocks by {@code promtool tsdb
   * create-blocks-from openmetrics}, as a user backfills, and {@code rules} (a rule file, or null)
   * is evaluated every second.
   */
  public static PrometheusServer withHistory(String openMetrics, String rules, Path workDir) throws Exception {
    return withHistory(openMetrics, rules, null, workDir);
  }

  /** The same, sending its alerts to the Alertmanager at {@code alertmanager} (host:port). */
  public static PrometheusServer withHistory(String openMetrics, String rules, String alertmanager, Path workDir)
      throws Exception {
    Path binary = ExternalTool.require("prometheus", "apt-get install prometheus", "/usr/bin");
    Path promtool = ExternalTool.require("promtool", "apt-get install prometheus", "/usr/bin");
    Path data = workDir.resolve("data");
    Files.createDirectories(data);
    Path input = workDir.resolve("history.om");
    Files.writeString(input, openMetrics);
    Path backfillLog = workDir.resolve("promtool.log");
    Process backfill = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
        input.toString(), data.toString()).redirectErrorStream(true).redirectOutput(backfillLog.toFile()).start();
    if (!backfill.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || backfill.exitValue() != 0) {
      throw new AssertionError("promtool could not backfill: " + Files.readString(backfillLog));
    }
    String ruleFiles = "";
    if (rules != null) {
      Files.writeString(workDir.resolve("rules.yml"), rules);
      ruleFiles = "rule_files: [\"" + workDir.resolve("rules.yml") + "\"]\n";
    }
    String alerting = alertmanager == null ? "" : """
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ["%s"]
        """.formatted(alertmanager);
    Path config = workDir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        %s%s""".formatted(ruleFiles, alerting));
    int port = freePort();
    Path log = workDir.resolve("prometheus.log");
    Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=30d",
        // The first notification races Alertmanager's discovery and is dropped; resend within a second, not a minute.
        "--rules.alert.resend-delay=1s",
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    server.awaitReady(Duration.ofSeconds(60));
    return server;
  }

  public URI uri() {
    return base;
  }

  /** Runs an instant query and returns the first sample's value, if any. */
  public OptionalDouble query(String promql) throws IOException, InterruptedException {
    URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode result = Json.MAPPER.readTree(response.body()).path("data").path("result");
    if (!result.isArray() || result.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asString()));
  }

  /** Polls a query until it returns a value (Prometheus scrapes every second). */
  public double awaitValue(String promql, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      OptionalDouble value = query(promql);
      if (value.isPresent()) {
        return value.getAsDouble();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus returned nothing for " + promql + " within " + timeout
        + "; its log:\n" + Files.readString(logFile));
  }

  /** The state of the scrape target ("up" or "down") and its last error, from /api/v1/targets. */
  public String targetHealth() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/targets")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode target = Json.MAPPER.readTree(response.body()).path("data").path("activeTargets").path(0);
    return target.path("health").asString() + " " + target.path("lastError").asString();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    http.close();
  }

  private void awaitReady(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("Prometheus exited at start-up: " + Files.readString(logFile));
      }
      try {
        HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Prometheus was not ready within " + timeout + ": " + Files.readString(logFile));
  }

  /** A loopback port free right now (the usual small race is acceptable in tests). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
