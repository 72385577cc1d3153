package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.PromText;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every transport and protocol revision the SDK negotiates, and the HTTP surface around them. */
class TransportsTest {
  private static KubeMcpHarness harness;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    harness = KubeMcpHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25"})
  void streamableHttpNegotiatesEachRevision(String version) {
    try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(harness.server.uri().toString())
            .endpoint("/mcp").supportedProtocolVersions(List.of(version)).build())
        .requestTimeout(Duration.ofSeconds(20)).build()) {
      assertThat(client.initialize().protocolVersion()).isEqualTo(version);
      assertThat(client.listTools().tools()).hasSize(harness.tools.size());
      var result = client.callTool(CallToolRequest.builder("namespaces_list").arguments(Map.of()).build());
      assertThat(KubeMcpHarness.text(result)).contains("demo");
    }
  }

  @Test
  @SuppressWarnings("deprecation") // the legacy transport is what older clients speak
  void legacySseServesOlderClientsWithProtocol20241105() {
    try (McpSyncClient client = McpClient.sync(HttpClientSseClientTransport.builder(harness.server.uri().toString())
            .sseEndpoint("/sse").build())
        .requestTimeout(Duration.ofSeconds(20)).build()) {
      assertThat(client.initialize().protocolVersion()).isEqualTo("2024-11-05");
      var result = client.callTool(CallToolRequest.builder("pods_list_in_namespace")
          .arguments(Map.of("namespace", "demo")).build());
      assertThat(KubeMcpHarness.text(result)).contains("crashy");
    }
  }

  @Test
  void aForeignOriginGets403OnEveryTransport() throws Exception {
    assertThat(post("/mcp", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(get("/sse", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(post("/mcp", "http://localhost:6274").statusCode()).isNotEqualTo(403);
  }

  @Test
  void healthAndMetricsAreServed() throws Exception {
    harness.text("namespaces_list", Map.of());

    HttpResponse<String> health = get("/healthz", null);
    HttpResponse<String> metrics = get("/metrics", null);

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"ok\"");
    assertThat(PromText.sum(metrics.body(), "lantern_kube_tool_calls_total",
        Map.of("tool", "namespaces_list", "outcome", "ok"))).isGreaterThanOrEqualTo(1);
    assertThat(PromText.has(metrics.body(), "lantern_kube_tool_duration_seconds_bucket")).isTrue();
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void transportErrorsCarryNoStackTrace() throws Exception {
    HttpResponse<String> response = get("/mcp", null); // no session: the SDK refuses

    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(response.body()).doesNotContain("stackTrace").doesNotContain("at io.modelcontextprotocol");
  }

  private static HttpResponse<String> post(String path, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.server.uri() + path))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.server.uri() + path))
        .timeout(Duration.ofSeconds(5)).GET();
    if (origin != null) {
      request.header("Origin", origin);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
