package dev.lantern.kube.diagnose;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    Map<String, String> unreadable = new LinkedHashMap<>();
    boolean all = namespace == null;
    Lister lister = new Lister(unreadable, allowed);
    return new Snapshot(namespace, now,
        lister.list("pods", "v1", "Pod", () -> (all ? client.pods().inAnyNamespace() : client.pods().inNamespace(namespace))
            .list().getItems()),
        lister.list("deployments", "apps/v1", "Deployment", () -> (all ? client.apps().deployments().inAnyNamespace()
            : client.apps().deployments().inNamespace(namespace)).list().getItems()),
        lister.list("statefulsets", "apps/v1", "StatefulSet", () -> (all ? client.apps().statefulSets().inAnyNamespace()
            : client.apps().statefulSets().inNamespace(namespace)).list().getItems()),
        lister.list("daemonsets", "apps/v1", "DaemonSet", () -> (all ? client.apps().daemonSets().inAnyNamespace()
            : client.apps().daemonSets().inNamespace(namespace)).list().getItems()),
        lister.list("replicasets", "apps/v1", "ReplicaSet", () -> (all ? client.apps().replicaSets().inAnyNamespace()
            : client.apps().replicaSets().inNamespace(namespace)).list().getItems()),
        lister.list("persistentvolumeclaims", "v1", "PersistentVolumeClaim", () -> (all ? client.persistentVolumeClaims().inAnyNamespace()
            : client.persistentVolumeClaims().inNamespace(namespace)).list().getItems()),
        lister.list("services", "v1", "Service", () -> (all ? client.services().inAnyNamespace()
            : client.services().inNamespace(namespace)).list().getItems()),
        lister.list("ingresses", "networking.k8s.io/v1", "Ingress", () -> (all ? client.network().v1().ingresses().inAnyNamespace()
            : client.network().v1().ingresses().inNamespace(namespace)).list().getItems()),
        lister.list("cronjobs", "batch/v1", "CronJob", () -> (all ? client.batch().v1().cronjobs().inAnyNamespace()
            : client.batch().v1().cronjobs().inNamespace(namespace)).list().getItems()),
        lister.list("jobs", "batch/v1", "Job", () -> (all ? client.batch().v1().jobs().inAnyNamespace()
            : client.batch().v1().jobs().inNamespace(namespace)).list().getItems()),
        // Nodes are cluster-wide: a node under pressure matters to every namespace on it.
        lister.list("nodes", "v1", "Node", () -> client.nodes().list().getItems()),
        lister.list("horizontalpodautoscalers", "autoscaling/v2", "HorizontalPodAutoscaler", () -> (all
            ? client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace()
            : client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)).list().getItems()),
        lister.list("events", "v1", "Event", () -> (all ? client.v1().events().inAnyNamespace()
            : client.v1().events().inNamespace(namespace)).list().getItems()),
        unreadable);
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

  /**
   * Lists one kind, recording instead of throwing when it is denied or cannot be listed. Once the
   * API server proved unreachable (the client already retried), the other kinds are not tried:
   * thirteen rounds of retries would keep {@code sre analyze} waiting for minutes.
   */
  private static final class Lister {
    private static final String UNREACHABLE = "cannot reach the Kubernetes API";
    private final Map<String, String> unreadable;
    private final BiPredicate<String, String> allowed;
    private boolean unreachable;

    Lister(Map<String, String> unreadable, BiPredicate<String, String> allowed) {
      this.unreadable = unreadable;
      this.allowed = allowed;
    }

    <T> List<T> list(String plural, String apiVersion, String kind, Supplier<List<T>> lister) {
      if (!allowed.test(apiVersion, kind)) {
        unreadable.put(plural, "denied by --denied-resources");
        return List.of();
      }
      if (unreachable) {
        unreadable.put(plural, UNREACHABLE);
        return List.of();
      }
      try {
        return List.copyOf(lister.get());
      } catch (KubernetesClientException e) {
        unreachable = e.getCode() <= 0; // no HTTP status: the connection itself failed
        unreadable.put(plural, e.getCode() == 403 ? "forbidden by RBAC" : e.getCode() == 404 ? "API not served"
            : unreachable ? UNREACHABLE : "HTTP " + e.getCode());
        return List.of();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> typed(Map<Class<?>, List<Object>> byType, Class<T> type) {
    return (List<T>) List.copyOf(byType.getOrDefault(type, List.of()));
  }
}
