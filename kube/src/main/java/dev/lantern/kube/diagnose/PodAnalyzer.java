package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.CRITICAL;
import static dev.lantern.kube.diagnose.Finding.Severity.WARNING;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pods that do not run: crash loops (with the last exit), OOM kills, image pulls, missing config,
 * failing probes, evictions, and Pending pods with the scheduler's reason.
 */
final class PodAnalyzer implements Analyzer {
  private static final List<String> PULL_ERRORS = List.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
      "ErrImageNeverPull");
  private static final List<String> CONFIG_ERRORS = List.of("CreateContainerConfigError", "CreateContainerError",
      "RunContainerError");

  @Override
  public String name() {
    return "pods";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      if (pod.getStatus() == null) {
        continue;
      }
      String phase = Optional.ofNullable(pod.getStatus().getPhase()).orElse("");
      if (phase.equals("Succeeded")) {
        continue;
      }
      if (phase.equals("Failed")) {
        findings.add(failed(pod));
        continue;
      }
      Finding container = containers(pod, snapshot);
      if (container != null) {
        findings.add(container);
      } else if (phase.equals("Pending")) {
        unscheduled(pod, snapshot).ifPresent(findings::add);
      }
    }
    return findings;
  }

  /** The worst container problem of a pod, or null when its containers are fine. */
  private static Finding containers(Pod pod, Snapshot snapshot) {
    ObjectRef ref = ObjectRef.of(pod);
    List<ContainerStatus> statuses = Stream.concat(
        Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
        Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()).toList();
    Finding probe = null;
    for (ContainerStatus status : statuses) {
      ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
      ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
      ContainerStateTerminated now = status.getState() == null ? null : status.getState().getTerminated();
      String reason = waiting == null ? null : waiting.getReason();
      String container = status.getName();
      if (reason != null && PULL_ERRORS.contains(reason)) {
        return Finding.of("ImagePullBackOff", CRITICAL, ref,
            "container " + container + " cannot pull its image " + status.getImage() + " (" + reason + ")",
            lines("state.waiting.reason=" + reason, message(waiting.getMessage())),
            "check the image name and tag, and that the registry is reachable and its pull secret is set "
                + "(kubectl -n " + ref.namespace() + " describe pod " + ref.name() + ")");
      }
      if (reason != null && CONFIG_ERRORS.contains(reason)) {
        return Finding.of("CreateContainerConfigError", CRITICAL, ref,
            "container " + container + " cannot start: " + Optional.ofNullable(waiting.getMessage()).orElse(reason),
            lines("state.waiting.reason=" + reason, message(waiting.getMessage())),
            "create the missing ConfigMap or Secret key, or fix the reference in the pod spec");
      }
      boolean oom = last != null && "OOMKilled".equals(last.getReason())
          || now != null && "OOMKilled".equals(now.getReason());
      if (oom) {
        return Finding.of("OOMKilled", CRITICAL, ref,
            "container " + container + " was killed for using more memory than its limit"
                + limit(pod, container).map(l -> " (" + l + ")").orElse("") + ", " + restarts(status),
            lines("lastState.terminated.reason=OOMKilled", "exitCode=137", "restartCount=" + status.getRestartCount()),
            "raise resources.limits.memory for " + container + " or find what grows (a leak, a cache, a big request)");
      }
      if ("CrashLoopBackOff".equals(reason) || last != null && status.getRestartCount() != null
          && status.getRestartCount() >= 3 && !Boolean.TRUE.equals(status.getReady())) {
        String exit = last == null ? "no earlier exit recorded"
            : "last exit code " + last.getExitCode() + " (" + Optional.ofNullable(last.getReason()).orElse("?") + ")";
        return Finding.of("CrashLoopBackOff", CRITICAL, ref,
            "container " + container + " keeps crashing: " + exit + ", " + restarts(status),
            lines("state.waiting.reason=" + reason, last == null ? null : "lastState.terminated.exitCode=" + last.getExitCode(),
                last == null ? null : message(last.getMessage())),
            "read the previous container's log: kubectl -n " + ref.namespace() + " logs " + ref.name() + " -c "
                + container + " --previous");
      }
      boolean running = status.getState() != null && status.getState().getRunning() != null;
      if (running && !Boolean.TRUE.equals(status.getReady()) && probe == null) {
        List<String> unhealthy = Events.about(snapshot, ref).stream()
            .filter(e -> "Unhealthy".equals(e.getReason())).map(Events::line).toList();
        if (!unhealthy.isEmpty() || hasReadinessProbe(pod, container)) {
          probe = Finding.of("ProbeFailing", WARNING, ref,
              "container " + container + " runs but is not ready"
                  + (unhealthy.isEmpty() ? "" : ": " + probeKind(unhealthy.get(0)) + " probe failing"),
              lines(Stream.concat(Stream.of("ready=false", "state=running"), unhealthy.stream().limit(2)).toList()),
              "check the probe's path, port and timeout against what the app serves, and the app's log");
        }
      }
    }
    return probe;
  }

  private static Optional<Finding> unscheduled(Pod pod, Snapshot snapshot) {
    ObjectRef ref = ObjectRef.of(pod);
    PodCondition scheduled = Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())).findFirst().orElse(null);
    String message = scheduled == null ? null : scheduled.getMessage();
    if (message == null || message.isBlank()) {
      message = Events.about(snapshot, ref).stream().filter(e -> "FailedScheduling".equals(e.getReason()))
          .map(e -> e.getMessage()).findFirst().orElse(null);
    }
    if (scheduled == null && message == null) {
      return Optional.empty();
    }
    String why = schedulingReason(message == null ? "" : message);
    return Optional.of(Finding.of("Unschedulable", CRITICAL, ref, "pod cannot be scheduled: " + why,
        lines("phase=Pending", "condition PodScheduled=False" + (scheduled == null || scheduled.getReason() == null
            ? "" : " (" + scheduled.getReason() + ")"), message(message)),
        schedulingNextStep(why, ref)));
  }

  /** The scheduler's message in a few words: what kind of fit failed. */
  static String schedulingReason(String message) {
    String text = message.toLowerCase(Locale.ROOT);
    List<String> reasons = new ArrayList<>();
    if (text.contains("insufficient cpu")) {
      reasons.add("insufficient cpu");
    }
    if (text.contains("insufficient memory")) {
      reasons.add("insufficient memory");
    }
    if (text.contains("taint")) {
      reasons.add("untolerated node taints");
    }
    if (text.contains("node affinity") || text.contains("node selector") || text.contains("nodeselector")) {
      reasons.add("no node matches its node selector or affinity");
    }
    if (text.contains("persistentvolumeclaim") || text.contains("unbound")) {
      reasons.add("its PersistentVolumeClaim is not bound");
    }
    if (reasons.isEmpty()) {
      return message.isBlank() ? "no reason given yet" : truncate(message, 160);
    }
    return String.join(", ", reasons);
  }

  private static String schedulingNextStep(String why, ObjectRef ref) {
    if (why.contains("insufficient")) {
      return "lower the pod's resource requests, free capacity or add a node (kubectl describe nodes shows what is allocated)";
    }
    if (why.contains("taint")) {
      return "add a toleration for the node's taint, or remove the taint (kubectl describe nodes | grep Taints)";
    }
    if (why.contains("selector")) {
      return "fix spec.nodeSelector/affinity, or label a node to match";
    }
    if (why.contains("PersistentVolumeClaim")) {
      return "see why the claim is pending: kubectl -n " + ref.namespace() + " describe pvc";
    }
    return "kubectl -n " + ref.namespace() + " describe pod " + ref.name();
  }

  private static Finding failed(Pod pod) {
    ObjectRef ref = ObjectRef.of(pod);
    String reason = Optional.ofNullable(pod.getStatus().getReason()).orElse("Failed");
    String message = pod.getStatus().getMessage();
    return Finding.of(reason.equals("Evicted") ? "Evicted" : "PodFailed", WARNING, ref,
        "pod " + (reason.equals("Evicted") ? "was evicted" : "failed") + (message == null ? "" : ": " + truncate(message, 160)),
        lines("phase=Failed", "reason=" + reason),
        reason.equals("Evicted") ? "check the node's pressure conditions; delete the evicted pod once understood"
            : "kubectl -n " + ref.namespace() + " describe pod " + ref.name());
  }

  private static Optional<String> limit(Pod pod, String container) {
    return containerSpec(pod, container).map(Container::getResources).map(r -> r.getLimits())
        .map(limits -> limits.get("memory")).map(Quantity::toString).map(q -> "limit " + q);
  }

  private static boolean hasReadinessProbe(Pod pod, String container) {
    return containerSpec(pod, container).map(c -> c.getReadinessProbe() != null).orElse(false);
  }

  private static Optional<Container> containerSpec(Pod pod, String name) {
    if (pod.getSpec() == null) {
      return Optional.empty();
    }
    return Stream.concat(Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream(),
            Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream())
        .filter(c -> name.equals(c.getName())).findFirst();
  }

  private static String probeKind(String eventLine) {
    String lower = eventLine.toLowerCase(Locale.ROOT);
    return lower.contains("liveness") ? "liveness" : lower.contains("startup") ? "startup" : "readiness";
  }

  private static String restarts(ContainerStatus status) {
    return "restarted " + Optional.ofNullable(status.getRestartCount()).orElse(0) + " times";
  }

  private static String message(String message) {
    return message == null || message.isBlank() ? null : "message: " + truncate(message, 200);
  }

  static String truncate(String text, int max) {
    String line = text.replace('\n', ' ').strip();
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }

  /** The non-null lines, in order. */
  static List<String> lines(String... lines) {
    return Stream.of(lines).filter(line -> line != null).toList();
  }

  static List<String> lines(List<String> lines) {
    return lines.stream().filter(line -> line != null).toList();
  }
}
