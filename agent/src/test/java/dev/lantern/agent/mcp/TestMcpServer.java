package dev.lantern.agent.mcp;

import dev.lantern.common.http.HttpService;
import dev.lantern.common.json.Json;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MCP server (the SDK's own server transports on Jetty) with three tools: {@code echo}
 * (read-only), {@code count} (not read-only) and {@code broken} (always an error). It serves
 * either Streamable HTTP at {@code /mcp} or only the legacy SSE transport at {@code /events} +
 * {@code /message}, and can be restarted on the same port.
 */
final class TestMcpServer implements AutoCloseable {
  enum Mode { STREAMABLE, SSE_ONLY }

  final AtomicInteger counted = new AtomicInteger();
  private final Mode mode;
  private HttpService http;
  private McpSyncServer server;

  private TestMcpServer(Mode mode) {
    this.mode = mode;
  }

  static TestMcpServer start(Mode mode) {
    TestMcpServer server = new TestMcpServer(mode);
    server.startOn(0);
    return server;
  }

  static TestMcpServer startOnPort(Mode mode, int port) {
    TestMcpServer server = new TestMcpServer(mode);
    server.startOn(port);
    return server;
  }

  String url() {
    return http.uri() + (mode == Mode.STREAMABLE ? "/mcp" : "/events");
  }

  int port() {
    return http.port();
  }

  void stop() {
    server.closeGracefully();
    http.close();
  }

  void restart() {
    int port = http.port();
    stop();
    startOn(port);
  }

  @Override
  public void close() {
    stop();
  }

  private void startOn(int port) {
    McpJsonMapper mapper = new JacksonMcpJsonMapper(Json.MAPPER);
    HttpService.Builder builder = HttpService.builder("test-mcp").host("127.0.0.1").port(port);
    McpServer.SyncSpecification<?> spec;
    if (mode == Mode.STREAMABLE) {
      var transport = HttpServletStreamableServerTransportProvider.builder().jsonMapper(mapper).mcpEndpoint("/mcp")
          .build();
      spec = McpServer.sync(transport);
      builder.servlet(transport, "/mcp");
    } else {
      var transport = HttpServletSseServerTransportProvider.builder().jsonMapper(mapper).sseEndpoint("/events")
          .messageEndpoint("/message").build();
      spec = McpServer.sync(transport);
      builder.servlet(transport, "/events", "/message");
    }
    server = spec.serverInfo("test-mcp", "1.0").jsonMapper(mapper)
        .capabilities(ServerCapabilities.builder().tools(false).build())
        .tools(tools(mapper)).build();
    http = builder.start();
  }

  private List<SyncToolSpecification> tools(McpJsonMapper mapper) {
    String schema = """
        {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""";
    Tool echo = Tool.builder("echo", mapper, schema).description("Echoes the text")
        .annotations(ToolAnnotations.builder().readOnlyHint(true).build()).build();
    Tool count = Tool.builder("count", mapper, "{\"type\":\"object\"}").description("Counts calls").build();
    Tool broken = Tool.builder("broken", mapper, "{\"type\":\"object\"}").description("Always fails").build();
    return List.of(
        SyncToolSpecification.builder().tool(echo).callHandler((exchange, request) ->
            CallToolResult.builder().addTextContent("echo: " + request.arguments().get("text")).build()).build(),
        SyncToolSpecification.builder().tool(count).callHandler((exchange, request) ->
            CallToolResult.builder().addTextContent("count " + counted.incrementAndGet()).build()).build(),
        SyncToolSpecification.builder().tool(broken).callHandler((exchange, request) ->
            CallToolResult.builder().addTextContent("the disk is on fire").isError(true).build()).build());
  }
}
