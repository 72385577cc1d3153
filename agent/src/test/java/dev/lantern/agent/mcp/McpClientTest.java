package dev.lantern.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.common.json.Json;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class McpClientTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void toolsOfAStreamableServerAreNamedAfterTheServerAndCallable() throws Exception {
    try (TestMcpServer server = TestMcpServer.start(TestMcpServer.Mode.STREAMABLE);
        McpServers servers = McpServers.start(List.of(McpServerConfig.http("kubernetes", server.url())))) {
      servers.awaitFirstAttempts(WAIT);

      assertThat(servers.servers().getFirst().transport()).isEqualTo("streamable-http");
      assertThat(names(servers)).containsExactlyInAnyOrder("mcp_kubernetes_echo", "mcp_kubernetes_count",
          "mcp_kubernetes_broken");
      assertThat(tool(servers, "mcp_kubernetes_echo").readOnly()).isTrue();
      assertThat(tool(servers, "mcp_kubernetes_count").readOnly()).isFalse();
      assertThat(call(servers, "mcp_kubernetes_echo", "{\"text\":\"hi\"}")).isEqualTo(ToolResult.ok("echo: hi"));
    }
  }

  @Test
  void aServerErrorComesBackAsAToolErrorNotAnException() throws Exception {
    try (TestMcpServer server = TestMcpServer.start(TestMcpServer.Mode.STREAMABLE);
        McpServers servers = McpServers.start(List.of(McpServerConfig.http("s", server.url())))) {
      servers.awaitFirstAttempts(WAIT);

      assertThat(call(servers, "mcp_s_broken", "{}")).isEqualTo(ToolResult.error("the disk is on fire"));
      ToolResult unknownToServer = servers.servers().getFirst().call("no_such_tool", Json.object());
      assertThat(unknownToServer.error()).isTrue();
      assertThat(unknownToServer.text()).contains("no_such_tool");
    }
  }

  @Test
  void aServerThatOnlySpeaksLegacySseIsReachedByFallingBack() throws Exception {
    try (TestMcpServer server = TestMcpServer.start(TestMcpServer.Mode.SSE_ONLY);
        McpServers servers = McpServers.start(List.of(McpServerConfig.http("old", server.url())))) {
      servers.awaitFirstAttempts(WAIT);

      McpServer connection = servers.servers().getFirst();
      assertThat(connection.state()).as(connection.lastError()).isEqualTo(McpServer.State.CONNECTED);
      assertThat(connection.transport()).isEqualTo("sse");
      assertThat(call(servers, "mcp_old_echo", "{\"text\":\"sse\"}").text()).isEqualTo("echo: sse");
    }
  }

  @Test
  void includeAndExcludeFilterTheServersTools() throws Exception {
    try (TestMcpServer server = TestMcpServer.start(TestMcpServer.Mode.STREAMABLE)) {
      McpServerConfig base = McpServerConfig.http("k", server.url());
      McpServerConfig onlyEcho = new McpServerConfig("k", base.url(), Map.of(), null, List.of(), Map.of(),
          base.timeout(), base.connectTimeout(), Set.of("echo", "count"), Set.of("count"), true);
      try (McpServers servers = McpServers.start(List.of(onlyEcho))) {
        servers.awaitFirstAttempts(WAIT);
        assertThat(names(servers)).containsExactly("mcp_k_echo");
      }
    }
  }

  @Test
  void aServerThatIsDownAtStartUpDoesNotStopTheAgentAndItsToolsAppearWhenItComesUp() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    McpServerConfig config = McpServerConfig.http("late", "http://127.0.0.1:" + port + "/mcp")
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2));
    try (McpServers servers = McpServers.start(List.of(config))) {
      servers.awaitFirstAttempts(WAIT);
      assertThat(servers.tools()).isEmpty();
      McpServer connection = servers.servers().getFirst();
      assertThat(connection.state()).isEqualTo(McpServer.State.DOWN);
      assertThat(connection.lastError()).contains("connection refused");

      try (TestMcpServer late = TestMcpServer.startOnPort(TestMcpServer.Mode.STREAMABLE, port)) {
        await().atMost(WAIT).until(() -> !servers.tools().isEmpty());
        assertThat(call(servers, "mcp_late_echo", "{\"text\":\"up\"}").text()).isEqualTo("echo: up");
      }
    }
  }

  @Test
  void aCallAfterTheServerRestartedReconnectsAndSucceeds() throws Exception {
    try (TestMcpServer server = TestMcpServer.start(TestMcpServer.Mode.STREAMABLE);
        McpServers servers = McpServers.start(List.of(McpServerConfig.http("k", server.url())
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))))) {
      servers.awaitFirstAttempts(WAIT);
      assertThat(call(servers, "mcp_k_echo", "{\"text\":\"before\"}").text()).isEqualTo("echo: before");

      server.restart();

      ToolResult after = call(servers, "mcp_k_echo", "{\"text\":\"after\"}");
      if (after.error()) {
        // The old connection was refused outright rather than told its session is gone: the next
        // call, once reconnected, must work.
        await().atMost(WAIT).until(() -> servers.servers().getFirst().state() == McpServer.State.CONNECTED);
        after = call(servers, "mcp_k_echo", "{\"text\":\"after\"}");
      }
      assertThat(after).isEqualTo(ToolResult.ok("echo: after"));
    }
  }

  @Test
  void headersAndEnvAreNeverPrintedWithTheConfig() {
    McpServerConfig base = McpServerConfig.http("k", "http://user:pw@127.0.0.1:1/mcp");
    McpServerConfig config = new McpServerConfig("k", base.url(), Map.of("Authorization", "Bearer s3cret"), null,
        List.of(), Map.of("TOKEN", "t0ken"), base.timeout(), base.connectTimeout(), Set.of(), Set.of(), true);

    assertThat(config.toString()).contains("Authorization").doesNotContain("s3cret", "t0ken", "pw");
  }

  private static List<String> names(McpServers servers) {
    return servers.tools().stream().map(Tool::name).toList();
  }

  private static Tool tool(McpServers servers, String name) {
    return servers.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static ToolResult call(McpServers servers, String name, String json) throws Exception {
    return tool(servers, name).call(new ToolArgs(Json.MAPPER.readTree(json)));
  }
}
