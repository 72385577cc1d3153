package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart: the gateway process gets SIGTERM while calls are in flight. Every call that
 * got a 200 has its spend row once the next process starts on the same LANTERN_HOME.
 */
class SigtermKeepsSpendTest {
  private static final String MASTER = "sk-master-sigterm";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path work;

  @Test
  void sigtermUnderLoadLosesNoSpendRow() throws Exception {
    try (FakeOpenAi upstream = FakeOpenAi.start()) {
      upstream.respondWith("free", body -> Reply.ok("Hello from free").withDelay(Duration.ofMillis(5)));
      Path config = Files.writeString(work.resolve("config.yaml"), """
          model_list:
            - model_name: free
              litellm_params: {model: openai/free-model, api_base: "%s", input_cost_per_token: 0.001}
          general_settings:
            master_key: %s
            proxy_batch_write_at: 30
          """.formatted(upstream.baseUrl("free"), MASTER));
      Path home = work.resolve("home");
      String key;
      long served = 0;
      try (GatewayProcess gateway = GatewayProcess.start(config, home, Map.of())) {
        key = Json.MAPPER.readTree(post(gateway.uri(), "/key/generate", "{}", MASTER).body()).path("key").asString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          calls.add(pool.submit(() -> {
            try {
              return post(gateway.uri(), "/v1/chat/completions", GatewayHarness.chat("free", false), key).statusCode();
            } catch (java.io.IOException stopped) {
              return -1;
            }
          }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> upstream.calls("free") >= 60);
        // batches every 30 s: nothing has been written yet, all of it is in memory
        gateway.close(); // SIGTERM, and wait for the process to end
        for (Future<Integer> call : calls) {
          served += call.get() == 200 ? 1 : 0;
        }
        pool.shutdown();
      }

      try (GatewayProcess next = GatewayProcess.start(config, home, Map.of())) {
        int rows = Json.MAPPER.readTree(get(next.uri(), "/spend/logs?limit=10000&api_key=" + key)).size();
        assertThat(served).isGreaterThanOrEqualTo(60);
        assertThat(rows).isEqualTo(served);
      }
    }
  }

  private static String get(URI base, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + MASTER).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static HttpResponse<String> post(URI base, String path, String body, String key) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
