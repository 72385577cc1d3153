package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.FakeTelegram;
import dev.lantern.testkit.MockCluster;
import dev.lantern.testkit.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lantern up` (what `make run` runs): the gateway, kube-mcp and the assistant in one process, with
 * the default ports and the assistant's default config; a Telegram message travels the whole stack.
 */
class UpIT {
  private static final long ADA = 42;

  @TempDir
  Path dir;

  @Test
  void theWholeStackRunsInOneProcessAndATelegramQuestionUsesTheCluster() throws Exception {
    try (FakeOpenAi model = FakeOpenAi.start(); FakeTelegram telegram = FakeTelegram.start();
        MockCluster cluster = MockCluster.seeded()) {
      Path gatewayConfig = Files.writeString(dir.resolve("gateway.yaml"), """
          model_list:
            - model_name: free
              litellm_params: {model: openai/qwen, api_base: %s, api_key: k}
          """.formatted(model.baseUrl("upstream")));
      Path home = Files.createDirectories(dir.resolve("home"));
      model.script("upstream", Reply.toolCall("mcp_kubernetes_pods_list_in_namespace", "{\"namespace\":\"demo\"}"),
          Reply.stream("crashy", " is", " crash-looping."));
      LanternProcess up = LanternProcess.start(dir.resolve("up.log"), Map.of("LANTERN_HOME", home.toString(),
          "TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN, "TELEGRAM_API_URL", telegram.apiUrl(),
          "TELEGRAM_ALLOWED_USERS", Long.toString(ADA), "LANTERN_LOG_LEVEL", "info"),
          "up", "--gateway-config", gatewayConfig.toString(), "--kubeconfig", cluster.writeKubeconfig(dir).toString());
      try {
        up.awaitHealthy(URI.create("http://127.0.0.1:8642/healthz"));
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !up.process.isAlive())
            .until(() -> up.output().contains("is polling for messages")
                && up.output().contains("MCP server 'kubernetes' connected") && up.output().contains("sre         http"));
        assertThat(up.output()).contains("gateway     http://127.0.0.1:4000/v1", "kube-mcp    http://127.0.0.1:8080/mcp",
            "assistant   http://127.0.0.1:8642/healthz", "sre         http://127.0.0.1:5050/")
            .doesNotContain("missing: Telegram");

        telegram.userSays(ADA, "anything failing in demo?");

        await().atMost(Duration.ofSeconds(60)).until(() -> telegram.sentTo(ADA).contains("crashy is crash-looping."));
        String toolResult = model.received("upstream").get(1).body().path("messages").valueStream()
            .filter(m -> m.path("role").asString().equals("tool")).findFirst().orElseThrow().path("content").asString();
        assertThat(toolResult).contains("crashy", "CrashLoopBackOff");

        // The answer's text is whatever the fake says (the assistant's background review shares it).
        HttpResponse<String> sre = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:5050/api/chat")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"ask\": \"what is broken?\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(sre.statusCode()).as(sre.body()).isEqualTo(200);
        assertThat(sre.body()).contains("\"analysis\":\"", "mcp_kubernetes_cluster_diagnose",
            "CrashLoopBackOff Pod demo/crashy");
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\nTelegram got: " + telegram.sent() + "\nmodel got: "
            + model.received("upstream").stream().map(r -> r.body().path("messages").toString()).toList() + "\n"
            + up.output(), e);
      } finally {
        assertThat(up.stop()).as(up.output()).isTrue();
      }
      assertThat(up.process.waitFor(1, TimeUnit.SECONDS)).isTrue();
      assertThat(up.output()).doesNotContain(FakeTelegram.TOKEN).doesNotContain(MockCluster.TOKEN);
    }
  }
}
