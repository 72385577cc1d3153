package dev.lantern.sre;

import dev.lantern.agent.llm.OpenAiChatClient;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.kube.cluster.Cluster;
import dev.lantern.kube.cluster.DeniedResources;
import dev.lantern.kube.cluster.Kubeconfig;
import dev.lantern.kube.mcp.KubeMcpServer;
import dev.lantern.kube.output.ListOutput;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.Toolsets;
import dev.lantern.sre.alerts.AlertStore;
import dev.lantern.sre.alerts.TelegramSender;
import dev.lantern.sre.investigate.Investigator;
import dev.lantern.sre.serve.SreServer;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.FakeTelegram;
import dev.lantern.testkit.MockCluster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SRE service as it runs: the real kube-mcp (HTTP, every default toolset) over a mock
 * cluster, the investigator talking to it over MCP, a scripted model behind the OpenAI client, and
 * the HTTP server on a free port.
 */
final class SreHarness implements AutoCloseable {
  static final String MODEL = "sre-model";

  /** A Deployment whose three pods crash with exit code 1, through its ReplicaSet. */
  static final String CRASHING_CHECKOUT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: checkout, namespace: demo}
      spec: {replicas: 3, selector: {matchLabels: {app: checkout}}, template: {metadata: {labels: {app: checkout}}, spec: {containers: [{name: app, image: shop/checkout:2.1}]}}}
      status: {replicas: 3, availableReplicas: 0}
      ---
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: checkout-5f7
        namespace: demo
        ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: checkout, controller: true}]
      spec: {selector: {matchLabels: {app: checkout}}}
      """;

  final MockCluster cluster;
  final FakeOpenAi model;
  final KubeMcpServer kubeMcp;
  final Investigator investigator;
  final SreServer server;
  private final boolean kubeMcpUp;
  final PrometheusRegistry registry = MetricsEndpoint.registryWithJvmMetrics();
  private final HttpClient http = HttpClient.newHttpClient();

  private SreHarness(Map<String, String> env, boolean kubeMcpUp, FakeTelegram telegram, Path home) throws Exception {
    this.kubeMcpUp = kubeMcpUp;
    cluster = MockCluster.seeded();
    model = FakeOpenAi.start();
    ToolContext context = new ToolContext(Cluster.of(cluster.clientBuilder(), Kubeconfig.fromText(cluster.kubeconfig())),
        DeniedResources.parse(DeniedResources.DEFAULT), ListOutput.TABLE, ToolContext.DEFAULT_MAX_CHARS, Instant::now);
    kubeMcp = KubeMcpServer.startHttp(Toolsets.tools(Toolsets.DEFAULT, context), "127.0.0.1", 0, List.of(),
        MetricsEndpoint.registryWithJvmMetrics());
    String kubeUrl = kubeMcpUp ? kubeMcp.uri() + "/mcp" : "http://127.0.0.1:9/mcp";
    if (!kubeMcpUp) {
      kubeMcp.close();
    }
    Map<String, String> all = new HashMap<>(env);
    all.put("LANTERN_HOME", home.toString());
    all.put("KUBE_MCP_URL", kubeUrl);
    all.put("OPENAI_API_BASE", model.baseUrl(MODEL));
    all.put("SRE_MODEL", MODEL);
    SreSettings settings = SreSettings.fromEnv(all);
    SreMetrics metrics = new SreMetrics(registry);
    investigator = Investigator.start(settings, new OpenAiChatClient(settings.baseUrl(), settings.modelKey(),
        Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)), metrics, Duration.ofSeconds(20));
    TelegramSender sender = telegram == null ? null : new TelegramSender(telegram.apiUrl(), FakeTelegram.TOKEN, 4242);
    server = SreServer.start(investigator, AlertStore.open(settings.database()), sender, metrics, registry,
        settings.apiKey(), "127.0.0.1", 0);
  }

  static SreHarness start(Path home) throws Exception {
    return new SreHarness(Map.of(), true, null, home);
  }

  static SreHarness start(Path home, Map<String, String> env, FakeTelegram telegram) throws Exception {
    return new SreHarness(env, true, telegram, home);
  }

  static SreHarness withoutKubeMcp(Path home) throws Exception {
    return new SreHarness(Map.of(), false, null, home);
  }

  SreHarness apply(String yaml) {
    cluster.admin().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()
        .forEach(item -> cluster.admin().resource(item).create());
    return this;
  }

  /** Three crashing pods of the checkout Deployment. */
  SreHarness crashingCheckout() {
    apply(CRASHING_CHECKOUT);
    for (int i = 0; i < 3; i++) {
      apply("""
          apiVersion: v1
          kind: Pod
          metadata:
            name: checkout-5f7-%d
            namespace: demo
            labels: {app: checkout}
            ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: checkout-5f7, controller: true}]
          spec: {containers: [{name: app, image: shop/checkout:2.1}]}
          status:
            phase: Running
            containerStatuses:
            - {name: app, image: shop/checkout:2.1, ready: false, restartCount: 8, state: {waiting: {reason: CrashLoopBackOff}}, lastState: {terminated: {exitCode: 1, reason: Error}}}
          """.formatted(i));
    }
    return this;
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(60));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
    investigator.close();
    if (kubeMcpUp) {
      kubeMcp.close();
    }
    model.close();
    cluster.close();
    http.close();
  }
}
