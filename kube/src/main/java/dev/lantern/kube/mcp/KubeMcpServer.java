package dev.lantern.kube.mcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.lantern.common.http.HttpService;
import dev.lantern.common.json.Json;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.kube.tool.Args;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools served over MCP with the official Java SDK: Streamable HTTP at {@code /mcp} (protocol
 * 2025-03-26 to 2025-11-25), the legacy HTTP+SSE transport at {@code /sse} and {@code /message}
 * (2024-11-05), or stdio. HTTP also serves {@code /healthz} and {@code /metrics}. Browsers'
 * requests from a foreign Origin get 403 (DNS-rebinding protection), and a failed tool call is a
 * result the model reads ({@code isError: true}), never a protocol error.
 */
public final class KubeMcpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeMcpServer.class);
  private static final String NAME = "lantern-kube-mcp";
  private static final String VERSION = "0.1.0";
  private static final String INSTRUCTIONS = "Read-only access to a Kubernetes cluster. Lists are tables; pass a "
      + "namespace or selectors to narrow them. Secrets are never shown.";

  private final HttpService http;
  private final List<McpSyncServer> servers;

  private KubeMcpServer(HttpService http, List<McpSyncServer> servers) {
    this.http = http;
    this.servers = servers;
  }

  /** Serves the tools over HTTP until {@link #close()}. */
  public static KubeMcpServer startHttp(List<KubeTool> tools, String host, int port, List<String> allowedOrigins,
      PrometheusRegistry registry) {
    McpJsonMapper mapper = jsonMapper();
    List<SyncToolSpecification> specifications = specifications(tools, new ToolMetrics(registry), mapper);
    var security = originGuard(host, allowedOrigins);

    var streamable = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(mapper)
        .mcpEndpoint("/mcp")
        .httpHeaderValidator(security)
        .keepAliveInterval(Duration.ofSeconds(30))
        .build();
    var sse = HttpServletSseServerTransportProvider.builder()
        .jsonMapper(mapper)
        .sseEndpoint("/sse")
        .messageEndpoint("/message")
        .httpHeaderValidator(security)
        .keepAliveInterval(Duration.ofSeconds(30))
        .build();
    // One McpServer per transport (the SDK binds a server to its transport); the tools are shared.
    List<McpSyncServer> servers = List.of(build(McpServer.sync(streamable), specifications, mapper),
        build(McpServer.sync(sse), specifications, mapper));

    MetricsEndpoint metrics = new MetricsEndpoint(registry);
    HttpService http = HttpService.builder("kube-mcp").host(host).port(port)
        .servlet(streamable, "/mcp")
        .servlet(sse, "/sse", "/message")
        .servlet(new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = ("{\"status\":\"ok\",\"tools\":" + tools.size() + "}").getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
          }
        }, "/healthz")
        .servlet(new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            metrics.write(request, response);
          }
        }, "/metrics")
        .start();
    LOG.info("MCP over Streamable HTTP at {}/mcp and legacy SSE at {}/sse, {} tools", http.uri(), http.uri(),
        tools.size());
    return new KubeMcpServer(http, servers);
  }

  /** Serves the tools over stdio until standard input ends. */
  public static void serveStdio(List<KubeTool> tools, InputStream in, OutputStream out, PrometheusRegistry registry)
      throws InterruptedException {
    McpJsonMapper mapper = jsonMapper();
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        return ended(super.read());
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return ended(super.read(buffer, offset, length));
      }

      private int ended(int result) {
        if (result < 0) {
          ended.countDown();
        }
        return result;
      }
    };
    McpSyncServer server = build(McpServer.sync(new StdioServerTransportProvider(mapper, watched, out)),
        specifications(tools, new ToolMetrics(registry), mapper), mapper);
    ended.await();
    server.closeGracefully();
  }

  public URI uri() {
    return http.uri();
  }

  public int port() {
    return http.port();
  }

  public void join() throws InterruptedException {
    http.join();
  }

  /** Ends the MCP sessions first: their open event streams would otherwise hold Jetty's graceful stop. */
  @Override
  public void close() {
    servers.forEach(McpSyncServer::closeGracefully);
    http.close();
  }

  private static McpSyncServer build(McpServer.SyncSpecification<?> specification,
      List<SyncToolSpecification> tools, McpJsonMapper mapper) {
    return specification
        .serverInfo(NAME, VERSION)
        .instructions(INSTRUCTIONS)
        .capabilities(ServerCapabilities.builder().tools(false).build())
        .jsonMapper(mapper)
        .tools(tools)
        .build();
  }

  /** The SDK tools: hints enforced here (every tool reads only), failures as results. */
  static List<SyncToolSpecification> specifications(List<KubeTool> tools, ToolMetrics metrics, McpJsonMapper mapper) {
    List<SyncToolSpecification> specifications = new ArrayList<>();
    for (KubeTool tool : tools) {
      Tool definition = Tool.builder(tool.name(), mapper, tool.inputSchema())
          .title(tool.title())
          .description(tool.description())
          .annotations(ToolAnnotations.builder()
              .title(tool.title())
              .readOnlyHint(true)
              .destructiveHint(false)
              .idempotentHint(tool.idempotent() ? Boolean.TRUE : null)
              .openWorldHint(true)
              .build())
          .build();
      specifications.add(SyncToolSpecification.builder()
          .tool(definition)
          .callHandler((exchange, request) -> call(tool, request, metrics))
          .build());
    }
    return specifications;
  }

  private static CallToolResult call(KubeTool tool, McpSchema.CallToolRequest request, ToolMetrics metrics) {
    long start = System.nanoTime();
    try {
      ToolResult result = tool.handler().call(new Args(request.arguments()));
      metrics.called(tool.name(), true, System.nanoTime() - start);
      var builder = CallToolResult.builder().addTextContent(result.text());
      if (result.structured() != null) {
        builder.structuredContent(result.structured());
      }
      return builder.build();
    } catch (ToolError error) {
      metrics.called(tool.name(), false, System.nanoTime() - start);
      return CallToolResult.builder().addTextContent(error.getMessage()).isError(true).build();
    } catch (RuntimeException bug) {
      metrics.called(tool.name(), false, System.nanoTime() - start);
      LOG.warn("tool {} failed unexpectedly", tool.name(), bug);
      return CallToolResult.builder()
          .addTextContent("internal error in " + tool.name() + " (" + bug.getClass().getSimpleName()
              + "); the server log has the details")
          .isError(true)
          .build();
    }
  }

  /**
   * Browsers send Origin; a page on another site must not reach this server through the user's
   * browser. Local origins are allowed; so is the loopback Host when bound to loopback.
   */
  private static DefaultServerTransportSecurityValidator originGuard(String host, List<String> allowedOrigins) {
    var builder = DefaultServerTransportSecurityValidator.builder()
        .allowedOrigin("http://localhost:*")
        .allowedOrigin("http://127.0.0.1:*")
        .allowedOrigin("http://[::1]:*");
    allowedOrigins.forEach(builder::allowedOrigin);
    if (host.equals("127.0.0.1") || host.equals("localhost")) {
      builder.allowedHost("localhost:*").allowedHost("127.0.0.1:*");
    }
    return builder.build();
  }

  /** Lantern's JSON settings, and errors the SDK serialises never carry a stack trace. */
  static McpJsonMapper jsonMapper() {
    JsonMapper mapper = Json.MAPPER.rebuild().addMixIn(Throwable.class, NoStackTraces.class).build();
    return new JacksonMcpJsonMapper(mapper);
  }

  @JsonIgnoreProperties({"stackTrace", "cause", "suppressed", "localizedMessage"})
  private abstract static class NoStackTraces {}
}
