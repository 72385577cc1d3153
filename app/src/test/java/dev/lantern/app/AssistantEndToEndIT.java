package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.mcp.McpServer;
import dev.lantern.agent.mcp.McpServerConfig;
import dev.lantern.agent.mcp.McpServers;
import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.MockCluster;
import dev.lantern.testkit.PrometheusServer;
import dev.lantern.testkit.Received;
import dev.lantern.testkit.Reply;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The mission's core path, every piece a real process: `lantern assistant ask` → `lantern gateway`
 * → the (scripted) model, which asks for mcp_kubernetes_pods_list → `lantern kube-mcp` over
 * Streamable HTTP → the fabric8 mock cluster → the answer.
 */
class AssistantEndToEndIT {
  private static final FakeOpenAi MODEL = FakeOpenAi.start();
  private static MockCluster cluster;
  private static LanternProcess kubeMcp;
  private static LanternProcess gateway;
  private static int kubePort;
  private static int gatewayPort;

  @TempDir
  static Path shared;

  @TempDir
  Path home;

  @BeforeAll
  static void startStack() throws Exception {
    cluster = MockCluster.seeded();
    Path kubeconfig = cluster.writeKubeconfig(shared);
    kubePort = PrometheusServer.freePort();
    kubeMcp = LanternProcess.start(shared.resolve("kube-mcp.log"), Map.of(), "kube-mcp", "--port",
        Integer.toString(kubePort), "--kubeconfig", kubeconfig.toString());
    Path gatewayConfig = Files.writeString(shared.resolve("gateway.yaml"), """
        model_list:
          - model_name: free
            litellm_params:
              model: openai/qwen-free
              api_base: %s
              api_key: upstream-key
        """.formatted(MODEL.baseUrl("upstream")));
    gatewayPort = PrometheusServer.freePort();
    gateway = LanternProcess.start(shared.resolve("gateway.log"), Map.of(), "gateway", "--config",
        gatewayConfig.toString(), "--port", Integer.toString(gatewayPort));
    kubeMcp.awaitHealthy(URI.create("http://127.0.0.1:" + kubePort + "/healthz"));
    gateway.awaitHealthy(URI.create("http://127.0.0.1:" + gatewayPort + "/health/liveliness"));
  }

  @AfterAll
  static void stopStack() throws Exception {
    gateway.close();
    kubeMcp.close();
    cluster.close();
    MODEL.close();
  }

  @BeforeEach
  void reset() throws Exception {
    MODEL.reset();
    Files.writeString(home.resolve("config.yaml"), """
        model:
          default: free
          base_url: http://127.0.0.1:%d/v1
        mcp_servers:
          kubernetes:
            url: http://127.0.0.1:%d/mcp
        memory:
          nudge_interval: 0
        """.formatted(gatewayPort, kubePort));
  }

  @Test
  void aQuestionAboutTheClusterIsAnsweredFromTheRealKubeMcpThroughTheGateway() throws Exception {
    MODEL.script("upstream", Reply.toolCall("mcp_kubernetes_pods_list", "{}"),
        Reply.stream("crashy", " is", " in", " CrashLoopBackOff."));

    LanternProcess ask = LanternProcess.start(home.resolve("ask.log"), Map.of("LANTERN_HOME", home.toString()),
        "assistant", "ask", "which pods are failing?");
    assertThat(ask.process.waitFor(90, TimeUnit.SECONDS)).as(ask.output()).isTrue();

    assertThat(ask.process.exitValue()).as(ask.output()).isZero();
    assertThat(ask.output()).contains("→ mcp_kubernetes_pods_list {}").contains("crashy is in CrashLoopBackOff.");
    List<Received> calls = MODEL.received("upstream");
    assertThat(calls).hasSize(2);
    JsonNode tools = calls.getFirst().body().path("tools");
    assertThat(tools.valueStream().map(t -> t.path("function").path("name").asString()))
        .contains("mcp_kubernetes_pods_list", "mcp_kubernetes_pods_log", "memory", "skill_manage", "session_search");
    JsonNode toolResult = calls.get(1).body().path("messages").valueStream()
        .filter(m -> m.path("role").asString().equals("tool")).findFirst().orElseThrow();
    assertThat(toolResult.path("content").asString())
        .contains("NAMESPACE", "crashy", "CrashLoopBackOff", "Pending")
        .doesNotContain(MockCluster.TOKEN);
    assertThat(calls.get(1).headers().get("authorization")).isEqualTo("Bearer upstream-key");
  }

  @Test
  void kubeMcpOverStdioServesTheAgentAsAChildProcess() throws Exception {
    McpServerConfig stdio = new McpServerConfig("kube", null, Map.of(), LanternProcess.ROOT.resolve("bin/lantern")
        .toString(), List.of("kube-mcp", "--kubeconfig", shared.resolve("kubeconfig").toString()),
        Map.of("LANTERN_LOG_LEVEL", "warn"), Duration.ofSeconds(30), Duration.ofSeconds(60), Set.of(),
        Set.of("configuration_view"), true);
    try (McpServers servers = McpServers.start(List.of(stdio)).awaitFirstAttempts(Duration.ofSeconds(60))) {
      McpServer server = servers.servers().getFirst();
      assertThat(server.state()).as(server.lastError()).isEqualTo(McpServer.State.CONNECTED);
      assertThat(server.transport()).isEqualTo("stdio");
      assertThat(servers.tools()).extracting(Tool::name).contains("mcp_kube_pods_list")
          .doesNotContain("mcp_kube_configuration_view");
      Tool list = servers.tools().stream().filter(t -> t.name().equals("mcp_kube_pods_list_in_namespace"))
          .findFirst().orElseThrow();
      assertThat(list.call(new ToolArgs(Json.MAPPER.readTree("{\"namespace\":\"demo\"}"))).text())
          .contains("crashy", "CrashLoopBackOff");
    }
  }

  @Test
  void doctorReportsEveryPartAndFailsWhenOneIsDown() throws Exception {
    LanternProcess ok = LanternProcess.start(home.resolve("doctor.log"), Map.of("LANTERN_HOME", home.toString()),
        "assistant", "doctor");
    assertThat(ok.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ok.process.exitValue()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("ok    model: 'free' is offered by")
        .containsPattern("ok    mcp kubernetes: .* over streamable-http, \\d+ tools");

    Files.writeString(home.resolve("config.yaml"), Files.readString(home.resolve("config.yaml"))
        .replace("default: free", "default: gpt-9")
        .replace("mcp_servers:\n", "mcp_servers:\n  down:\n    url: http://127.0.0.1:1/mcp\n    connect_timeout: 2\n"));
    LanternProcess bad = LanternProcess.start(home.resolve("doctor2.log"), Map.of("LANTERN_HOME", home.toString()),
        "assistant", "doctor");
    assertThat(bad.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.process.exitValue()).isEqualTo(1);
    assertThat(bad.output()).contains("FAIL  model: the endpoint has no model 'gpt-9'; it offers: free")
        .contains("FAIL  mcp down: http://127.0.0.1:1/mcp: connection refused");
  }

  @Test
  void aKillDuringATurnLosesOnlyThatTurnAndTheNextStartContinues() throws Exception {
    MODEL.script("upstream", Reply.stream("first", " answer"));
    LanternProcess first = LanternProcess.start(home.resolve("1.log"), Map.of("LANTERN_HOME", home.toString()),
        "assistant", "ask", "first question");
    assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process.exitValue()).as(first.output()).isZero();

    MODEL.script("upstream", Reply.stream("never").withDelay(Duration.ofSeconds(60)));
    LanternProcess killed = LanternProcess.start(home.resolve("2.log"), Map.of("LANTERN_HOME", home.toString()),
        "assistant", "ask", "--continue", "second question");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (MODEL.calls("upstream") < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    killed.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-turn

    MODEL.reset();
    MODEL.script("upstream", Reply.stream("third", " answer"));
    LanternProcess next = LanternProcess.start(home.resolve("3.log"), Map.of("LANTERN_HOME", home.toString()),
        "assistant", "ask", "--continue", "third question");
    assertThat(next.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(next.process.exitValue()).as(next.output()).isZero();

    JsonNode messages = MODEL.received("upstream").getFirst().body().path("messages");
    assertThat(messages.valueStream().map(m -> m.path("content").asString("")))
        .containsSubsequence("first question", "first answer", "third question")
        .doesNotContain("second question");
    try (var db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"));
        ResultSet check = db.createStatement().executeQuery("PRAGMA integrity_check")) {
      assertThat(check.next() && check.getString(1).equals("ok")).isTrue();
    }
  }
}
