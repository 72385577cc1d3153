package dev.lantern.kube.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster the tools read: a Kubernetes client that can only send reads, and the kubeconfig it
 * came from (for {@code configuration_view}). The cluster is found the way the issue orders it:
 * {@code --kubeconfig}, else the in-cluster service account, else {@code $KUBECONFIG} or
 * {@code ~/.kube/config}.
 *
 * <p>A kubeconfig file with several contexts gives one cluster per context: the current one at
 * once, the others when a tool first names them ({@link #inContext}).
 */
public final class Cluster implements AutoCloseable {
  private static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final KubernetesClient client;
  private final Kubeconfig kubeconfig;
  /** The kubeconfig file's text, to build the other contexts' clients from; null in a pod or a test. */
  private final String kubeconfigText;
  private final Map<String, Cluster> otherContexts = new ConcurrentHashMap<>();

  private Cluster(KubernetesClient client, Kubeconfig kubeconfig, String kubeconfigText) {
    this.client = client;
    this.kubeconfig = kubeconfig;
    this.kubeconfigText = kubeconfigText;
  }

  /**
   * @param kubeconfigFile {@code --kubeconfig}, or null
   * @throws IllegalArgumentException when the kubeconfig cannot be read; the message says why
   */
  public static Cluster connect(Path kubeconfigFile) {
    if (kubeconfigFile != null) {
      return fromFile(kubeconfigFile);
    }
    if (inCluster()) {
      // Read the service account only: a kubeconfig baked into an image must not win.
      System.setProperty("kubernetes.auth.tryKubeConfig", "false");
      Config config = Config.autoConfigure(null);
      return new Cluster(build(config), Kubeconfig.inCluster(config.getMasterUrl(), config.getNamespace()), null);
    }
    String env = System.getenv("KUBECONFIG");
    Path file = env != null && !env.isBlank()
        ? Path.of(env.split(java.io.File.pathSeparator)[0])
        : Path.of(System.getProperty("user.home"), ".kube", "config");
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("no cluster to talk to: not running in a pod, and " + file
          + " does not exist; pass --kubeconfig FILE");
    }
    return fromFile(file);
  }

  /** For tests: a client built elsewhere (a mock API server), made read-only here. */
  public static Cluster of(KubernetesClientBuilder builder, Kubeconfig kubeconfig) {
    return new Cluster(readOnly(builder).build(), kubeconfig, null);
  }

  public KubernetesClient client() {
    return client;
  }

  public Kubeconfig kubeconfig() {
    return kubeconfig;
  }

  /** The contexts a tool may name: all of the kubeconfig file's, or only the current one. */
  public List<String> contextNames() {
    if (kubeconfigText == null) {
      return List.of(currentContext());
    }
    return kubeconfig.contexts().stream().map(Kubeconfig.Context::name).toList();
  }

  public String currentContext() {
    return kubeconfig.currentContext();
  }

  /**
   * The same kubeconfig in another of its contexts, read-only like this one, built once.
   *
   * @throws IllegalArgumentException for a context the kubeconfig does not have or cannot build
   */
  public Cluster inContext(String name) {
    if (name.equals(currentContext())) {
      return this;
    }
    if (!contextNames().contains(name)) {
      throw new IllegalArgumentException("unknown context '" + name + "'; the kubeconfig has: "
          + String.join(", ", contextNames()));
    }
    return otherContexts.computeIfAbsent(name, this::build);
  }

  private Cluster build(String context) {
    boolean hasServer = kubeconfig.contexts().stream()
        .anyMatch(entry -> entry.name().equals(context) && !entry.server().isBlank());
    if (!hasServer) {
      throw new IllegalArgumentException("context '" + context + "' of the kubeconfig names no cluster with a server; "
          + "fix the kubeconfig or use another context");
    }
    Config config;
    try {
      config = Config.fromKubeconfig(context, kubeconfigText, null);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("context '" + context + "' of the kubeconfig is not usable: " + e.getMessage());
    }
    try {
      return new Cluster(build(config), kubeconfig.withCurrentContext(context), kubeconfigText);
    } catch (RuntimeException e) {
      // A missing CA file or a malformed client key fails here, when the client is built.
      throw new IllegalArgumentException("context '" + context + "' of the kubeconfig is not usable: " + e.getMessage());
    }
  }

  /** The namespace of the kubeconfig's current context (or the pod's), for tools given none. */
  public String defaultNamespace() {
    return Optional.ofNullable(client.getNamespace()).orElse("default");
  }

  @Override
  public void close() {
    otherContexts.values().forEach(Cluster::close);
    client.close();
  }

  private static Cluster fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read kubeconfig " + file + ": " + e.getMessage());
    }
    Config config;
    try {
      config = Config.fromKubeconfig(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("kubeconfig " + file + " is not valid: " + e.getMessage());
    }
    return new Cluster(build(config), Kubeconfig.fromText(text), text);
  }

  private static KubernetesClient build(Config config) {
    return readOnly(new KubernetesClientBuilder().withConfig(config)).build();
  }

  private static KubernetesClientBuilder readOnly(KubernetesClientBuilder builder) {
    return builder.withHttpClientBuilderConsumer(
        http -> http.addOrReplaceInterceptor(ReadOnlyInterceptor.NAME, new ReadOnlyInterceptor()));
  }

  private static boolean inCluster() {
    return System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.exists(SERVICE_ACCOUNT.resolve("token"));
  }

  /** Whether this process runs in a pod (then it listens on all interfaces by default). */
  public static boolean runningInCluster() {
    return inCluster();
  }
}
