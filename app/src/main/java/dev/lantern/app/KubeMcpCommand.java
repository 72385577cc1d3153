package dev.lantern.app;

import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.kube.cluster.Cluster;
import dev.lantern.kube.cluster.DeniedResources;
import dev.lantern.kube.mcp.KubeMcpServer;
import dev.lantern.kube.output.ListOutput;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.Toolsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantern kube-mcp}: the read-only Kubernetes MCP server, over HTTP or stdio. */
@Command(
    name = "kube-mcp",
    mixinStandardHelpOptions = true,
    description = {
      "Run the read-only Kubernetes MCP server (kubernetes-mcp-server's tools and names).",
      "With --port it serves Streamable HTTP at /mcp and legacy SSE at /sse; without it, MCP over stdio."
    })
final class KubeMcpCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", description = "Serve HTTP on this port (8080 in the Helm chart); stdio when absent.")
  Integer port;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Address to listen on (default: 127.0.0.1, or 0.0.0.0 inside a pod).")
  String host;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig to use (default: the pod's service account, else $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--toolsets", split = ",", paramLabel = "NAMES",
      description = "Toolsets to serve: core, config, metrics, diagnose, helm (default: core,config,metrics,diagnose).")
  List<String> toolsets = new ArrayList<>(Toolsets.DEFAULT);

  @Option(names = "--list-output", paramLabel = "FORMAT", defaultValue = "table",
      description = "How list tools print: table or yaml (default: ${DEFAULT-VALUE}).")
  String listOutput;

  @Option(names = "--denied-resources", split = ",", paramLabel = "GVK",
      description = "Kinds no tool may read, as version/Kind, group/version/Kind or group/version (default: v1/Secret).")
  List<String> deniedResources = new ArrayList<>(DeniedResources.DEFAULT);

  @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
      description = "A browser Origin allowed besides localhost (repeatable), e.g. https://assistant.example.")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--max-output-chars", paramLabel = "N", defaultValue = "" + ToolContext.DEFAULT_MAX_CHARS,
      description = "Cut every tool result at this many characters, about a quarter as many tokens (default: ${DEFAULT-VALUE}).")
  int maxOutputChars;

  @Override
  public Integer call() throws Exception {
    if (maxOutputChars < 1000) {
      throw new IllegalArgumentException("--max-output-chars must be at least 1000, got " + maxOutputChars);
    }
    ListOutput output = ListOutput.parse(listOutput);
    DeniedResources denied = DeniedResources.parse(deniedResources);
    Cluster cluster = Cluster.connect(kubeconfig);
    ToolContext context = new ToolContext(cluster, denied, output, maxOutputChars, Instant::now);
    List<KubeTool> tools = Toolsets.tools(toolsets.stream().map(String::strip).toList(), context);
    var registry = MetricsEndpoint.registryWithJvmMetrics();
    if (port == null) {
      KubeMcpServer.serveStdio(tools, System.in, System.out, registry);
      cluster.close();
      return 0;
    }
    String address = host != null ? host : Cluster.runningInCluster() ? "0.0.0.0" : "127.0.0.1";
    KubeMcpServer server = KubeMcpServer.startHttp(tools, address, port, allowedOrigins, registry);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      cluster.close();
    }, "kube-mcp-shutdown"));
    server.join();
    return 0;
  }
}
