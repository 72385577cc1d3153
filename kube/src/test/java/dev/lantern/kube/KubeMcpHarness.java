package dev.lantern.kube;

import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.kube.cluster.Cluster;
import dev.lantern.kube.cluster.DeniedResources;
import dev.lantern.kube.cluster.Kubeconfig;
import dev.lantern.kube.mcp.KubeMcpServer;
import dev.lantern.kube.output.ListOutput;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.Toolsets;
import dev.lantern.testkit.MockCluster;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real MCP server (Jetty, the SDK's Streamable HTTP transport) over the read-only client, in
 * front of a seeded {@link MockCluster}, with the SDK's own client connected to it.
 */
final class KubeMcpHarness implements AutoCloseable {
  static final List<String> ALL_TOOLSETS = List.of("core", "config", "metrics", "diagnose", "helm");

  final MockCluster mock;
  final Cluster cluster;
  final KubeMcpServer server;
  final List<KubeTool> tools;
  private final McpSyncClient client;

  private KubeMcpHarness(MockCluster mock, List<String> toolsets, ListOutput output, int maxChars, List<String> denied) {
    this(mock, Cluster.of(mock.clientBuilder(), Kubeconfig.fromText(mock.kubeconfig())), toolsets, output, maxChars,
        denied);
  }

  private KubeMcpHarness(MockCluster mock, Cluster cluster, List<String> toolsets, ListOutput output, int maxChars,
      List<String> denied) {
    this.mock = mock;
    this.cluster = cluster;
    ToolContext context = new ToolContext(cluster, DeniedResources.parse(denied), output, maxChars, Instant::now);
    this.tools = Toolsets.tools(toolsets, context);
    this.server = KubeMcpServer.startHttp(tools, "127.0.0.1", 0, List.of(), MetricsEndpoint.registryWithJvmMetrics());
    this.client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.uri().toString()).endpoint("/mcp").build())
        .requestTimeout(Duration.ofSeconds(20))
        .build();
    client.initialize();
  }

  static KubeMcpHarness start() {
    return start(MockCluster.seeded(), ALL_TOOLSETS, ListOutput.TABLE, ToolContext.DEFAULT_MAX_CHARS);
  }

  static KubeMcpHarness start(MockCluster mock, List<String> toolsets, ListOutput output, int maxChars) {
    return new KubeMcpHarness(mock, toolsets, output, maxChars, DeniedResources.DEFAULT);
  }

  static KubeMcpHarness withDenied(List<String> denied) {
    return new KubeMcpHarness(MockCluster.seeded(), ALL_TOOLSETS, ListOutput.TABLE, ToolContext.DEFAULT_MAX_CHARS, denied);
  }

  /** The server as {@code lantern kube-mcp --kubeconfig FILE} builds it, with every context the file has. */
  static KubeMcpHarness overKubeconfig(MockCluster mock, java.nio.file.Path kubeconfig) {
    return new KubeMcpHarness(mock, Cluster.connect(kubeconfig), ALL_TOOLSETS, ListOutput.TABLE,
        ToolContext.DEFAULT_MAX_CHARS, DeniedResources.DEFAULT);
  }

  McpSyncClient client() {
    return client;
  }

  CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
  }

  /** The text a model would read from a call that must succeed. */
  String text(String tool, Map<String, Object> arguments) {
    CallToolResult result = call(tool, arguments);
    String text = text(result);
    if (Boolean.TRUE.equals(result.isError())) {
      throw new AssertionError(tool + " " + arguments + " failed: " + text);
    }
    return text;
  }

  /** The error message of a call that must fail as a tool error. */
  String error(String tool, Map<String, Object> arguments) {
    CallToolResult result = call(tool, arguments);
    if (!Boolean.TRUE.equals(result.isError())) {
      throw new AssertionError(tool + " " + arguments + " was expected to fail, answered: " + text(result));
    }
    return text(result);
  }

  static String text(CallToolResult result) {
    return result.content().stream().filter(c -> c instanceof TextContent)
        .map(c -> ((TextContent) c).text()).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    client.close();
    server.close();
    cluster.close();
    mock.close();
  }
}
