package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.ExternalTool;
import dev.lantern.testkit.PrometheusServer;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `make run-gateway` does, for real: bin/lantern starts the gateway with the example config, without
 * an OpenRouter key, answers health and metrics, explains the missing key, and stops on SIGTERM.
 */
class LauncherIT {
  @Test
  void exampleGatewayStartsWithoutAKeyExplainsItAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    Path root = ExternalTool.projectRoot();
    int port = PrometheusServer.freePort();
    Path log = dir.resolve("gateway.log");
    ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/lantern").toString(), "gateway",
        "--config", root.resolve("examples/gateway/config.yaml").toString(), "--port", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("OPENROUTER_API_KEY");
    builder.environment().remove("LITELLM_MASTER_KEY");
    Process gateway = builder.start();
    try (HttpClient http = HttpClient.newHttpClient()) {
      URI base = URI.create("http://127.0.0.1:" + port);
      awaitHealthy(http, base, gateway, log);

      HttpResponse<String> call = http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"free\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(call.statusCode()).isEqualTo(401);
      assertThat(call.body()).contains("OPENROUTER_API_KEY");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("litellm_proxy_failed_requests_metric_total", "jvm_memory_used_bytes");
    } finally {
      gateway.destroy(); // SIGTERM
      boolean exited = gateway.waitFor(20, TimeUnit.SECONDS);
      if (!exited) {
        gateway.destroyForcibly();
      }
      assertThat(exited).as("the gateway exits on SIGTERM").isTrue();
    }
    assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("gateway listening on 0.0.0.0:" + port)
        .doesNotContain("Exception");
  }

  private static void awaitHealthy(HttpClient http, URI base, Process gateway, Path log) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      assertThat(gateway.isAlive()).as("bin/lantern exited early:\n%s", Files.readString(log)).isTrue();
      try {
        if (http.send(HttpRequest.newBuilder(base.resolve("/health/liveliness")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the gateway did not answer within 60 s:\n" + Files.readString(log));
  }
}
