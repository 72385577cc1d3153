package dev.lantern.kube.output;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;

/** A pod's READY, STATUS and RESTARTS columns, computed as kubectl computes them. */
public final class PodRows {
  private PodRows() {}

  public static String ready(Pod pod) {
    List<ContainerStatus> statuses = statuses(pod);
    int total = pod.getSpec() == null || pod.getSpec().getContainers() == null
        ? statuses.size()
        : pod.getSpec().getContainers().size();
    long ready = statuses.stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
    return ready + "/" + total;
  }

  /** Running, Pending, CrashLoopBackOff, ImagePullBackOff, Completed, Init:..., Terminating... */
  public static String status(Pod pod) {
    PodStatus status = pod.getStatus();
    if (status == null) {
      return "Unknown";
    }
    String reason = status.getReason() != null ? status.getReason() : status.getPhase();
    List<ContainerStatus> init = status.getInitContainerStatuses() == null ? List.of() : status.getInitContainerStatuses();
    for (int i = 0; i < init.size(); i++) {
      ContainerStatus container = init.get(i);
      if (container.getState() == null) {
        continue;
      }
      var terminated = container.getState().getTerminated();
      var waiting = container.getState().getWaiting();
      if (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0) {
        return "Init:" + (terminated.getReason() != null ? terminated.getReason() : "ExitCode:" + terminated.getExitCode());
      }
      if (waiting != null && waiting.getReason() != null && !waiting.getReason().equals("PodInitializing")) {
        return "Init:" + waiting.getReason();
      }
      if (terminated == null) {
        return "Init:" + i + "/" + init.size();
      }
    }
    for (ContainerStatus container : statuses(pod)) {
      if (container.getState() == null) {
        continue;
      }
      var waiting = container.getState().getWaiting();
      var terminated = container.getState().getTerminated();
      if (waiting != null && waiting.getReason() != null) {
        reason = waiting.getReason();
      } else if (terminated != null) {
        reason = terminated.getReason() != null ? terminated.getReason() : "ExitCode:" + terminated.getExitCode();
      }
    }
    if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
      return "Terminating";
    }
    return reason == null ? "Unknown" : reason;
  }

  /** "7 (2m ago)" as kubectl prints restarts with the last termination. */
  public static String restarts(Pod pod, Instant now) {
    int restarts = 0;
    String lastFinished = null;
    for (ContainerStatus container : statuses(pod)) {
      restarts += container.getRestartCount() == null ? 0 : container.getRestartCount();
      if (container.getLastState() != null && container.getLastState().getTerminated() != null) {
        String finished = container.getLastState().getTerminated().getFinishedAt();
        if (finished != null && (lastFinished == null || finished.compareTo(lastFinished) > 0)) {
          lastFinished = finished;
        }
      }
    }
    return restarts > 0 && lastFinished != null
        ? restarts + " (" + Ages.since(lastFinished, now) + " ago)"
        : Integer.toString(restarts);
  }

  private static List<ContainerStatus> statuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }
}
