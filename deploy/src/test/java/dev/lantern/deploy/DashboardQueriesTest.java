package dev.lantern.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.Gateway;
import dev.lantern.gateway.config.LiteLlmConfig;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.PrometheusServer;
import dev.lantern.testkit.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard's queries, evaluated by a real Prometheus that scrapes a running gateway
 * under traffic that serves, fails, falls back, reports the provider's quota, cached and
 * reasoning tokens, and reaches an unpriced model: every query of every panel shows data, so no
 * panel queries a metric or label the gateway does not export.
 */
class DashboardQueriesTest {
  private static final String KEY = "sk-dashboard-test";

  @TempDir
  Path work;

  @Test
  void everyPanelOfTheDashboardShowsDataFromARealScrape() throws Exception {
    try (FakeOpenAi upstream = FakeOpenAi.start()) {
      Gateway gateway = Gateway.start(LiteLlmConfig.parse("""
          model_list:
            - model_name: free
              litellm_params: {model: openai/free-model, api_base: "%s", input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}
            - model_name: free2
              litellm_params: {model: openai/free2-model, api_base: "%s", input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}
            - model_name: local
              litellm_params: {model: openai/local-model, api_base: "%s", rpm: 600, tpm: 1_000_000}
          router_settings:
            num_retries: 0
            fallbacks: [{free: [free2]}]
          general_settings: {master_key: %s}
          """.formatted(upstream.baseUrl("free"), upstream.baseUrl("free2"), upstream.baseUrl("local"), KEY),
          Map.of("LANTERN_HOME", work.toString())), "127.0.0.1", 0);
      try (HttpClient http = HttpClient.newHttpClient()) {
        upstream.script("free", Reply.status(429, "quota"), Reply.ok("fine"), Reply.status(500, "down"));
        upstream.script("free2", Reply.ok("fallback answer"), Reply.status(500, "down too"));
        // What a hosted provider reports on each answer: its quota left, cached and reasoning tokens.
        upstream.respondWith("free", body -> Reply.ok("fine").withRateLimits(950, 180_000).withCachedTokens(6)
            .withReasoningTokens(2));
        JsonNode dashboard = Json.MAPPER.readTree(Files.readString(ChartTest.CHART.resolve("files/dashboard.json")));
        try (PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + gateway.port(), KEY, work)) {
          prometheus.awaitValue("up", Duration.ofSeconds(60));
          // Traffic while Prometheus scrapes, as in production: rate() needs changes between scrapes.
          Thread traffic = Thread.ofVirtual().start(() -> {
            try {
              while (!Thread.currentThread().isInterrupted()) {
                chat(http, gateway.port(), "free");
                chat(http, gateway.port(), "local"); // no price known: a zero-cost call
                Thread.sleep(300);
              }
            } catch (Exception stopped) {
              // the test is over
            }
          });
          try {
            for (JsonNode panel : dashboard.path("panels")) {
              for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                assertThat(hasData(prometheus, expr)).as("panel '%s' shows data for %s", panel.path("title").asString(),
                    expr).isTrue();
              }
            }
          } finally {
            traffic.interrupt();
          }
        }
      } finally {
        gateway.close();
      }
    }
  }

  /** rate() needs two scrapes: poll the query for up to 30 s. */
  private static boolean hasData(PrometheusServer prometheus, String expr) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      OptionalDouble value = prometheus.query(expr);
      if (value.isPresent() && !Double.isNaN(value.getAsDouble())) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private static void chat(HttpClient http, int port, String model) throws Exception {
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build(), HttpResponse.BodyHandlers.discarding());
  }
}
