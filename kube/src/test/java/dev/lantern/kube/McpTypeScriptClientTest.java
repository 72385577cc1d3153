package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.NodeClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The official MCP TypeScript SDK (npm), an implementation independent of ours, on both HTTP transports. */
class McpTypeScriptClientTest {
  private static KubeMcpHarness harness;

  @BeforeAll
  static void start() {
    harness = KubeMcpHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void streamableHttpListsAndCallsTools() throws Exception {
    JsonNode result = NodeClient.run("mcp-client.mjs", harness.server.uri().toString(), "streamable",
        "pods_list_in_namespace", "{\"namespace\":\"demo\"}");

    assertThat(result.path("thrown").isMissingNode()).as(result.toString()).isTrue();
    assertThat(result.path("server").path("name").asString()).isEqualTo("lantern-kube-mcp");
    assertThat(result.path("tools").size()).isEqualTo(harness.tools.size());
    assertThat(result.path("tools").findValues("readOnly")).allMatch(JsonNode::asBoolean);
    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(result.path("text").asString()).contains("crashy", "CrashLoopBackOff");
    assertThat(result.path("structured").path("total").asInt()).isEqualTo(4);
  }

  @Test
  void legacySseListsAndCallsTools() throws Exception {
    JsonNode result = NodeClient.run("mcp-client.mjs", harness.server.uri().toString(), "sse", "namespaces_list");

    assertThat(result.path("thrown").isMissingNode()).as(result.toString()).isTrue();
    assertThat(result.path("text").asString()).contains("kube-system");
  }

  @Test
  void aToolErrorReachesTheClientAsAResult() throws Exception {
    JsonNode result = NodeClient.run("mcp-client.mjs", harness.server.uri().toString(), "streamable",
        "pods_get", "{\"namespace\":\"demo\",\"name\":\"ghost\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("text").asString()).contains("'ghost' not found");
  }
}
