package dev.lantern.testkit;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

/**
 * A Kubernetes API for tests: the fabric8 mock server in CRUD mode (the only fake of Kubernetes we
 * allow), seeded with a small but telling cluster, and recording every request it receives.
 *
 * <p>The seed: namespaces {@code default, demo, kube-system}; pods Running, CrashLoopBackOff,
 * Pending and one with two containers; events; two nodes; a CRD ({@code widgets.example.com})
 * with one widget; pod and node metrics; logs and a kubelet stats summary; a Secret and a Helm
 * release whose content must never be shown ({@link #SECRET_VALUES}).
 */
public final class MockCluster implements AutoCloseable {
  /** Values that appear only inside Secrets: no tool output may ever contain them. */
  public static final List<String> SECRET_VALUES =
      List.of("hunter2-SECRET-VALUE", "helm-SECRET-VALUE", "helm-SECRET-MANIFEST", "sk-kube-TOKEN-DO-NOT-LEAK");
  public static final String TOKEN = "sk-kube-TOKEN-DO-NOT-LEAK";

  private final KubernetesMockServer server;
  private final Recorder recorder;
  private final KubernetesClient admin;

  private MockCluster(KubernetesMockServer server, Recorder recorder) {
    this.server = server;
    this.recorder = recorder;
    this.admin = server.createClient(new JdkHttpClientFactory());
  }

  /** An empty cluster (only what the tests add). */
  public static MockCluster start() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    Recorder recorder = new Recorder(new KubernetesMixedDispatcher(responses));
    KubernetesMockServer server = new KubernetesMockServer(new Context(jsonMapper()),
        new MockWebServer(), responses, recorder, true);
    server.init();
    return new MockCluster(server, recorder);
  }

  /** A cluster with the seed described above; requests made while seeding are forgotten. */
  public static MockCluster seeded() {
    MockCluster cluster = start();
    cluster.seed();
    cluster.recorder.requests.clear();
    return cluster;
  }

  /** A client builder pointed at this server, for the code under test to build its client from. */
  public KubernetesClientBuilder clientBuilder() {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(new ConfigBuilder()
            .withMasterUrl(url())
            .withTrustCerts(true)
            .withNamespace("default")
            .withOauthToken(TOKEN)
            .withHttp2Disable(true)
            .withRequestRetryBackoffLimit(0)
            .build());
  }

  /** The client used to seed: full access, for tests that add objects. */
  public KubernetesClient admin() {
    return admin;
  }

  public KubernetesMockServer server() {
    return server;
  }

  public String url() {
    return "https://" + server.getHostName() + ":" + server.getPort() + "/";
  }

  /** Every request received since seeding (method and path with query). */
  public List<RecordedRequest> requests() {
    return List.copyOf(recorder.requests);
  }

  /** Forgets the requests received so far. */
  public void clearRequests() {
    recorder.requests.clear();
  }

  /** A kubeconfig for this server, with credentials the tools must never show. */
  public String kubeconfig() {
    return """
        apiVersion: v1
        kind: Config
        current-context: mock
        clusters:
          - name: mock
            cluster:
              server: %s
              insecure-skip-tls-verify: true
          - name: other
            cluster:
              server: https://other.example:6443
              certificate-authority-data: Q0EtREFUQQ==
        contexts:
          - name: mock
            context: {cluster: mock, user: mock-user, namespace: default}
          - name: other
            context: {cluster: other, user: other-user}
        users:
          - name: mock-user
            user:
              token: %s
          - name: other-user
            user:
              client-certificate-data: Q0VSVC1EQVRB
              client-key-data: S0VZLURBVEE=
              password: other-password-SECRET
        """.formatted(url(), TOKEN);
  }

  public Path writeKubeconfig(Path directory) throws IOException {
    return Files.writeString(directory.resolve("kubeconfig"), kubeconfig());
  }

  /** Adds {@code count} Running pods in namespace {@code bench}, for size and latency measurements. */
  public void addPods(String namespace, int count) {
    admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    for (int i = 0; i < count; i++) {
      admin.resource(running(namespace, "api-" + Integer.toString(100000 + i, 36) + "-x7k2p" + (i % 10),
          "app", "node-" + (1 + i % 2))).create();
    }
  }

  @Override
  public void close() {
    admin.close();
    server.destroy();
  }

  private void seed() {
    for (String name : List.of("default", "demo", "kube-system")) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).withCreationTimestamp(ago(86400 * 30))
          .endMetadata().withNewStatus().withPhase("Active").endStatus().build()).create();
    }
    for (String node : List.of("node-1", "node-2")) {
      admin.resource(new NodeBuilder().withNewMetadata().withName(node).withCreationTimestamp(ago(86400 * 60))
              .addToLabels("kubernetes.io/hostname", node).endMetadata()
          .withNewStatus().addToAllocatable("cpu", new Quantity("4")).addToAllocatable("memory", new Quantity("8Gi"))
          .endStatus().build()).create();
    }
    admin.resource(running("demo", "web", "app", "node-1")).create();
    admin.resource(running("kube-system", "coredns", "coredns", "node-2")).create();
    admin.resource(new PodBuilder().withNewMetadata().withName("crashy").withNamespace("demo")
            .withCreationTimestamp(ago(3600)).addToLabels("app", "crashy").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("crashy:1").endContainer().withNodeName("node-1")
        .endSpec()
        .withNewStatus().withPhase("Running").addNewContainerStatus().withName("app").withReady(false)
            .withRestartCount(7)
            .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
            .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withFinishedAt(ago(120))
            .endTerminated().endLastState()
            .endContainerStatus().endStatus().build()).create();
    admin.resource(new PodBuilder().withNewMetadata().withName("pending").withNamespace("demo")
            .withCreationTimestamp(ago(600)).addToLabels("app", "pending").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("big:1").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
            .withReason("Unschedulable").endCondition().endStatus().build()).create();
    admin.resource(new PodBuilder().withNewMetadata().withName("two-containers").withNamespace("demo")
            .withCreationTimestamp(ago(7200)).addToLabels("app", "two").endMetadata()
        .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage("app:1").build(),
            new ContainerBuilder().withName("sidecar").withImage("proxy:1")
                .addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "db-credentials", false)
                .endValueFrom().endEnv().build())
        .withNodeName("node-2").endSpec()
        .withNewStatus().withPhase("Running").addNewContainerStatus().withName("app").withReady(true).withRestartCount(0)
            .withNewState().withNewRunning().endRunning().endState().endContainerStatus()
            .addNewContainerStatus().withName("sidecar").withReady(true).withRestartCount(0)
            .withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus().build()).create();

    event("crashy", "Warning", "BackOff", "Back-off restarting failed container app in pod crashy", 30);
    event("pending", "Warning", "FailedScheduling", "0/2 nodes are available: 2 Insufficient memory.", 60);
    event("web", "Normal", "Scheduled", "Successfully assigned demo/web to node-1", 3000);

    admin.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("widgets.example.com").endMetadata()
        .withNewSpec().withGroup("example.com").withScope("Namespaced")
            .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget").endNames()
            .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion()
        .endSpec().build()).create();
    admin.genericKubernetesResources("example.com/v1", "Widget").inNamespace("demo").resource(
        new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
            .withKind("Widget").withNewMetadata().withName("gizmo").withNamespace("demo")
            .withCreationTimestamp(ago(5000)).endMetadata()
            .addToAdditionalProperties("spec", Map.of("size", "large")).build()).create();

    server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("metrics.k8s.io")
        .withVersion("v1beta1").withKind("PodMetrics").withPlural("pods").withScope("Namespaced").build());
    server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("metrics.k8s.io")
        .withVersion("v1beta1").withKind("NodeMetrics").withPlural("nodes").withScope("Cluster").build());
    admin.resource(new PodMetricsBuilder().withNewMetadata().withName("web").withNamespace("demo").endMetadata()
        .addNewContainer().withName("app").addToUsage("cpu", new Quantity("250m"))
        .addToUsage("memory", new Quantity("128Mi")).endContainer().build()).create();
    admin.resource(new PodMetricsBuilder().withNewMetadata().withName("coredns").withNamespace("kube-system")
        .endMetadata().addNewContainer().withName("coredns").addToUsage("cpu", new Quantity("5m"))
        .addToUsage("memory", new Quantity("20Mi")).endContainer().build()).create();
    admin.resource(new NodeMetricsBuilder().withNewMetadata().withName("node-1").endMetadata()
        .addToUsage("cpu", new Quantity("1500m")).addToUsage("memory", new Quantity("2Gi")).build()).create();

    server.expect().get().withPath("/api/v1/namespaces/demo/pods/web/log?container=app&tailLines=100")
        .andReturn(200, "listening on :8080\nGET /healthz 200\n").always();
    server.expect().get().withPath("/api/v1/namespaces/demo/pods/crashy/log?container=app&previous=true&tailLines=20")
        .andReturn(200, "panic: cannot connect to database\n").always();
    server.expect().get().withPath("/api/v1/nodes/node-1/proxy/logs/?query=kubelet&tailLines=100")
        .andReturn(200, "I1203 08:00:01 kubelet.go:1500] Started kubelet\n"
            + "E1203 08:00:09 kubelet.go:2400] Eviction manager: memory pressure on node-1\n").always();
    server.expect().get().withPath("/api/v1/nodes/node-1/proxy/stats/summary")
        .andReturn(200, "{\n  \"node\": {\"nodeName\": \"node-1\", \"cpu\": {\"usageNanoCores\": 1500000000}},\n  \"pods\": []\n}")
        .always();

    admin.resource(new SecretBuilder().withNewMetadata().withName("db-credentials").withNamespace("demo").endMetadata()
        .addToData("password", base64(SECRET_VALUES.get(0))).build()).create();
    admin.resource(new SecretBuilder().withNewMetadata().withName("sh.helm.release.v1.shop.v2").withNamespace("demo")
            .addToLabels("owner", "helm").addToLabels("name", "shop").addToLabels("status", "deployed")
            .addToLabels("version", "2").endMetadata()
        .withType("helm.sh/release.v1")
        .addToData("release", base64(helmRelease())).build()).create();
  }

  private static Pod running(String namespace, String name, String app, String node) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
            .withCreationTimestamp(ago(86400)).addToLabels("app", app).endMetadata()
        .withNewSpec().addNewContainer().withName(app).withImage(app + ":1").endContainer().withNodeName(node).endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.42.0.7").addNewContainerStatus().withName(app)
            .withReady(true).withRestartCount(0).withNewState().withNewRunning().endRunning().endState()
            .endContainerStatus().endStatus().build();
  }

  private void event(String pod, String type, String reason, String message, long secondsAgo) {
    admin.v1().events().inNamespace("demo").resource(new EventBuilder().withNewMetadata()
            .withName(pod + "." + reason.toLowerCase(java.util.Locale.ROOT)).withNamespace("demo").endMetadata()
        .withType(type).withReason(reason).withMessage(message).withCount(3).withLastTimestamp(ago(secondsAgo))
        .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace("demo").endInvolvedObject()
        .build()).create();
  }

  /** Helm 3's record: base64 of gzip of JSON, with values and a manifest that hold secrets. */
  private static String helmRelease() {
    String json = """
        {"name":"shop","namespace":"demo","version":2,
         "info":{"status":"deployed","last_deployed":"%s"},
         "chart":{"metadata":{"name":"shop","version":"1.4.2","appVersion":"3.1.0"}},
         "config":{"dbPassword":"%s"},
         "manifest":"apiVersion: v1\\nkind: Secret\\nstringData:\\n  key: %s\\n"}"""
        .formatted(ago(3600), SECRET_VALUES.get(1), SECRET_VALUES.get(2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  @SuppressWarnings("deprecation") // the mock's Context still wants the static mapper
  private static tools.jackson.databind.ObjectMapper jsonMapper() {
    return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String ago(long seconds) {
    return Instant.now().minusSeconds(seconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** Records every request before the mock answers it; keeps the mock's extension interfaces. */
  private static final class Recorder extends Dispatcher implements CustomResourceAware, Resetable {
    private final Dispatcher delegate;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    Recorder(Dispatcher delegate) {
      this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.add(request);
      return delegate.dispatch(request);
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext context) {
      ((CustomResourceAware) delegate).expectCustomResource(context);
    }

    @Override
    public void reset() {
      requests.clear();
      ((Resetable) delegate).reset();
    }
  }
}
