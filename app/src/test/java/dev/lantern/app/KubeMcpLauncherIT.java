package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.ExternalTool;
import dev.lantern.testkit.MockCluster;
import dev.lantern.testkit.PrometheusServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lantern kube-mcp` as a process, as an MCP host or the Helm chart starts it: over stdio and over HTTP. */
class KubeMcpLauncherIT {
  private static final Path ROOT = ExternalTool.projectRoot();

  @Test
  void stdioServesTheToolsToAnMcpHost(@TempDir Path dir) throws Exception {
    try (MockCluster mock = MockCluster.seeded()) {
      Path kubeconfig = mock.writeKubeconfig(dir);
      ServerParameters command = ServerParameters.builder(ROOT.resolve("bin/lantern").toString())
          .args("kube-mcp", "--kubeconfig", kubeconfig.toString()).build();
      try (McpSyncClient client = McpClient.sync(new StdioClientTransport(command, McpJsonDefaults.getMapper()))
          .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(60)).build()) {
        client.initialize();
        assertThat(client.listTools().tools()).extracting(t -> t.name()).contains("pods_list", "configuration_view");
        var result = client.callTool(CallToolRequest.builder("pods_list_in_namespace")
            .arguments(Map.of("namespace", "demo")).build());
        assertThat(((TextContent) result.content().get(0)).text()).contains("crashy", "CrashLoopBackOff");
      }
    }
  }

  @Test
  void httpServesMcpHealthAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    try (MockCluster mock = MockCluster.seeded(); HttpClient http = HttpClient.newHttpClient()) {
      Path kubeconfig = mock.writeKubeconfig(dir);
      int port = PrometheusServer.freePort();
      Path log = dir.resolve("kube-mcp.log");
      Process server = new ProcessBuilder(ROOT.resolve("bin/lantern").toString(), "kube-mcp", "--port",
          Integer.toString(port), "--kubeconfig", kubeconfig.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitHealthy(http, base, server, log);
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base.toString())
            .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30)).build()) {
          client.initialize();
          var result = client.callTool(CallToolRequest.builder("namespaces_list").arguments(Map.of()).build());
          assertThat(((TextContent) result.content().get(0)).text()).contains("kube-system");
        }
      } finally {
        server.destroy();
        boolean exited = server.waitFor(20, TimeUnit.SECONDS);
        if (!exited) {
          server.destroyForcibly();
        }
        assertThat(exited).as("kube-mcp exits on SIGTERM").isTrue();
      }
      assertThat(Files.readString(log)).contains("listening on 127.0.0.1:" + port).doesNotContain("Exception");
    }
  }

  private static void awaitHealthy(HttpClient http, URI base, Process server, Path log) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      assertThat(server.isAlive()).as("kube-mcp exited early:\n%s", Files.readString(log)).isTrue();
      try {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("kube-mcp did not answer within 60 s:\n" + Files.readString(log));
  }
}
