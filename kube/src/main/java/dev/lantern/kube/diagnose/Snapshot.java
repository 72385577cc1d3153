package dev.lantern.kube.diagnose;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The objects the analyzers read, listed once per run. A kind that cannot be listed (RBAC, an API
 * the cluster does not serve) is recorded in {@link #unreadable} and the other analyzers still run.
 * Secrets are never listed.
 *
 * @param namespace the namespace read, or null for all
 * @param unreadable kind → why it could not be listed
 */
public record Snapshot(String namespace, Instant now, List<Pod> pods, List<Deployment> deployments,
    List<StatefulSet> statefulSets, List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets,
    List<PersistentVolumeClaim> claims, List<Service> services, List<Ingress> ingresses, List<CronJob> cronJobs,
    List<Job> jobs, List<Node> nodes, List<HorizontalPodAutoscaler> autoscalers, List<Event> events,
    Map<String, String> unreadable) {

  /** The number of kinds {@link #read} lists. */
  private static final int KINDS_READ = 13;

  /** Lists every kind the analyzers need, in one namespace or all. */
  public static Snapshot read(KubernetesClient client, String namespace, Instant now) {
    return read(client, namespace, now, (apiVersion, kind) -> true);
  }

  /**
   * Lists every kind the analyzers need that {@code allowed} permits (kube-mcp's
   * {@code --denied-resources}); a denied kind is recorded as unreadable, never listed.
   */
  public static Snapshot read(KubernetesClient client, String namespace, Instant now,
      BiPredicate<String, String> allowed) {
    // The kinds are listed at once, each on a virtual thread: thirteen round trips cost one.
    try (Lister lister = new Lister(allowed)) {
      var pods = lister.list("pods", "v1", "Pod", () -> items(client.pods(), namespace));
      var deployments = lister.list("deployments", "apps/v1", "Deployment",
          () -> items(client.apps().deployments(), namespace));
      var statefulSets = lister.list("statefulsets", "apps/v1", "StatefulSet",
          () -> items(client.apps().statefulSets(), namespace));
      var daemonSets = lister.list("daemonsets", "apps/v1", "DaemonSet",
          () -> items(client.apps().daemonSets(), namespace));
      var replicaSets = lister.list("replicasets", "apps/v1", "ReplicaSet",
          () -> items(client.apps().replicaSets(), namespace));
      var claims = lister.list("persistentvolumeclaims", "v1", "PersistentVolumeClaim",
          () -> items(client.persistentVolumeClaims(), namespace));
      var services = lister.list("services", "v1", "Service", () -> items(client.services(), namespace));
      var ingresses = lister.list("ingresses", "networking.k8s.io/v1", "Ingress",
          () -> items(client.network().v1().ingresses(), namespace));
      var cronJobs = lister.list("cronjobs", "batch/v1", "CronJob",
          () -> items(client.batch().v1().cronjobs(), namespace));
      var jobs = lister.list("jobs", "batch/v1", "Job", () -> items(client.batch().v1().jobs(), namespace));
      // Nodes are cluster-wide: a node under pressure matters to every namespace on it.
      var nodes = lister.list("nodes", "v1", "Node", () -> client.nodes().list().getItems());
      var autoscalers = lister.list("horizontalpodautoscalers", "autoscaling/v2", "HorizontalPodAutoscaler",
          () -> items(client.autoscaling().v2().horizontalPodAutoscalers(), namespace));
      var events = lister.list("events", "v1", "Event", () -> items(client.v1().events(), namespace));
      return new Snapshot(namespace, now, pods.get(), deployments.get(), statefulSets.get(), daemonSets.get(),
          replicaSets.get(), claims.get(), services.get(), ingresses.get(), cronJobs.get(), jobs.get(), nodes.get(),
          autoscalers.get(), events.get(), lister.unreadable());
    }
  }

  /** One kind's objects in the namespace, or in all namespaces when it is null. */
  private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> items(
      MixedOperation<T, L, ? extends Resource<T>> kind, String namespace) {
    L list = namespace == null ? kind.inAnyNamespace().list() : kind.inNamespace(namespace).list();
    return list.getItems();
  }

  /** A snapshot of objects read from files (the eval cases); kinds not listed here are ignored. */
  public static Snapshot of(Collection<? extends HasMetadata> objects, Instant now) {
    Map<Class<?>, List<Object>> byType = new LinkedHashMap<>();
    for (HasMetadata object : objects) {
      byType.computeIfAbsent(object.getClass(), type -> new ArrayList<>()).add(object);
    }
    return new Snapshot(null, now, typed(byType, Pod.class), typed(byType, Deployment.class),
        typed(byType, StatefulSet.class), typed(byType, DaemonSet.class), typed(byType, ReplicaSet.class),
        typed(byType, PersistentVolumeClaim.class), typed(byType, Service.class), typed(byType, Ingress.class),
        typed(byType, CronJob.class), typed(byType, Job.class), typed(byType, Node.class),
        typed(byType, HorizontalPodAutoscaler.class), typed(byType, Event.class), Map.of());
  }

  /** Whether no kind at all could be listed: the cluster is unreachable or everything is forbidden. */
  public boolean nothingRead() {
    return unreadable.size() == KINDS_READ;
  }

  /** How many objects of each kind were read, for the summary line. */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("pods", pods.size());
    counts.put("deployments", deployments.size());
    counts.put("statefulsets", statefulSets.size());
    counts.put("daemonsets", daemonSets.size());
    counts.put("jobs", jobs.size());
    counts.put("cronjobs", cronJobs.size());
    counts.put("services", services.size());
    counts.put("ingresses", ingresses.size());
    counts.put("pvcs", claims.size());
    counts.put("nodes", nodes.size());
    counts.put("hpas", autoscalers.size());
    return counts;
  }

  /** Lists kinds in parallel, recording instead of throwing when one is denied or cannot be listed. */
  private static final class Lister implements AutoCloseable {
    private final BiPredicate<String, String> allowed;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> order = new ArrayList<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    Lister(BiPredicate<String, String> allowed) {
      this.allowed = allowed;
    }

    <T> Supplier<List<T>> list(String plural, String apiVersion, String kind, Supplier<List<T>> lister) {
      order.add(plural);
      if (!allowed.test(apiVersion, kind)) {
        failures.put(plural, "denied by --denied-resources");
        return List::of;
      }
      Future<List<T>> listed = threads.submit(() -> {
        try {
          return List.copyOf(lister.get());
        } catch (KubernetesClientException e) {
          failures.put(plural, e.getCode() == 403 ? "forbidden by RBAC" : e.getCode() == 404 ? "API not served"
              : e.getCode() <= 0 ? "cannot reach the Kubernetes API" : "HTTP " + e.getCode());
          return List.of();
        }
      });
      return () -> {
        try {
          return listed.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failures.put(plural, "interrupted");
          return List.of();
        } catch (ExecutionException e) {
          failures.put(plural, "failed: " + e.getCause().getClass().getSimpleName());
          return List.of();
        }
      };
    }

    /** What could not be read, in the order the kinds were asked for. */
    Map<String, String> unreadable() {
      Map<String, String> ordered = new LinkedHashMap<>();
      order.stream().filter(failures::containsKey).forEach(plural -> ordered.put(plural, failures.get(plural)));
      return ordered;
    }

    @Override
    public void close() {
      threads.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> typed(Map<Class<?>, List<Object>> byType, Class<T> type) {
    return (List<T>) List.copyOf(byType.getOrDefault(type, List.of()));
  }
}
