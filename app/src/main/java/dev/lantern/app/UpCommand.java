package dev.lantern.app;

import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.serve.AssistantServer;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.gateway.Gateway;
import dev.lantern.gateway.config.GatewayConfig;
import dev.lantern.gateway.config.LiteLlmConfig;
import dev.lantern.kube.cluster.Cluster;
import dev.lantern.kube.cluster.DeniedResources;
import dev.lantern.kube.mcp.KubeMcpServer;
import dev.lantern.kube.output.ListOutput;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.Toolsets;
import dev.lantern.sre.SreService;
import dev.lantern.sre.SreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lantern up}: the whole stack in one JVM with embedded defaults: the gateway on 4000,
 * kube-mcp on 8080, the assistant on 8642 and the SRE investigator on 5050, the way the Helm chart lays them out in a pod. It
 * says what runs where and, for what is missing, what to do.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run the gateway, kube-mcp, the assistant and the SRE investigator together in one process.",
        "Then `lantern assistant chat` in another terminal talks to them."})
final class UpCommand implements Callable<Integer> {
  @Option(names = "--gateway-config", paramLabel = "FILE",
      description = "LiteLLM config.yaml for the gateway (default: the built-in free -> free2 -> cheap on OpenRouter).")
  Path gatewayConfig;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig for kube-mcp (default: the pod's service account, else $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
  String host = "127.0.0.1";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<AutoCloseable> running = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Map<String, String> env = System.getenv();

    Gateway gateway = Gateway.start(gatewayConfig(), host, 4000);
    running.add(gateway::close);
    out.println("gateway     http://" + host + ":4000/v1   (OpenAI API, /metrics)");
    if (env.getOrDefault("OPENROUTER_API_KEY", "").isBlank() && gatewayConfig == null) {
      missing.add("no model API key: export OPENROUTER_API_KEY=sk-or-... (https://openrouter.ai/keys); until then"
          + " model calls answer 401 with this advice");
    }

    try {
      Cluster cluster = Cluster.connect(kubeconfig);
      ToolContext context = new ToolContext(cluster, DeniedResources.parse(DeniedResources.DEFAULT), ListOutput.TABLE,
          ToolContext.DEFAULT_MAX_CHARS, Instant::now);
      KubeMcpServer kube = KubeMcpServer.startHttp(Toolsets.tools(Toolsets.DEFAULT, context), host, 8080, List.of(),
          MetricsEndpoint.registryWithJvmMetrics());
      running.add(kube::close);
      running.add(cluster::close);
      out.println("kube-mcp    http://" + host + ":8080/mcp     (read-only Kubernetes tools, /healthz, /metrics)");
    } catch (IllegalArgumentException e) {
      missing.add("kube-mcp is not running: " + e.getMessage());
    }

    LanternHome home = LanternHome.locate(env).prepare();
    AssistantConfig config = AssistantConfig.load(home.config(), env);
    Assistant assistant = Assistant.open(home, config, Duration.ofSeconds(5));
    AssistantServer server = AssistantServer.start(assistant, host, 8642, Duration.ofSeconds(25));
    running.add(0, assistant::close);
    running.add(0, server::close);
    out.println("assistant   http://" + host + ":8642/healthz (home " + home.root() + ")");
    if (!config.telegram().enabled()) {
      missing.add("Telegram is off: create a bot with @BotFather, then export TELEGRAM_BOT_TOKEN=... and"
          + " TELEGRAM_ALLOWED_USERS=<your numeric id> (ask @userinfobot)");
    }
    SreService sre = SreService.start(SreSettings.fromEnv(env), host, 5050);
    running.add(0, sre::close);
    out.println("sre         http://" + host + ":5050/         (chat page, HolmesGPT's /api/chat, /api/alerts)");
    missing.forEach(line -> out.println("missing: " + line));
    out.println("Talk to it: bin/lantern assistant chat   (Ctrl-C here stops everything)");
    out.flush();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (AutoCloseable service : running) {
        try {
          service.close();
        } catch (Exception e) {
          // keep stopping the others
        }
      }
      stopped.countDown();
    }, "up-shutdown"));
    stopped.await();
    return 0;
  }

  private GatewayConfig gatewayConfig() throws IOException {
    if (gatewayConfig != null) {
      return LiteLlmConfig.load(gatewayConfig);
    }
    try (InputStream in = UpCommand.class.getResourceAsStream("gateway-default.yaml")) {
      return LiteLlmConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), System.getenv());
    }
  }
}
