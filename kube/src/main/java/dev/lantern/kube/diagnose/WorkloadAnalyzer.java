package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.CRITICAL;
import static dev.lantern.kube.diagnose.Finding.Severity.WARNING;
import static dev.lantern.kube.diagnose.PodAnalyzer.lines;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Deployments, StatefulSets and DaemonSets with fewer available replicas than they want. */
final class WorkloadAnalyzer implements Analyzer {
  @Override
  public String name() {
    return "workloads";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Deployment deployment : snapshot.deployments()) {
      int desired = Optional.ofNullable(deployment.getSpec() == null ? null : deployment.getSpec().getReplicas()).orElse(1);
      var status = deployment.getStatus();
      int available = status == null ? 0 : Optional.ofNullable(status.getAvailableReplicas()).orElse(0);
      List<String> evidence = new ArrayList<>(List.of("spec.replicas=" + desired, "status.availableReplicas=" + available));
      String stalled = null;
      if (status != null && status.getConditions() != null) {
        for (DeploymentCondition condition : status.getConditions()) {
          if ("Progressing".equals(condition.getType()) && "False".equals(condition.getStatus())) {
            stalled = condition.getReason();
            evidence.add("condition Progressing=False (" + condition.getReason() + ")");
          }
        }
      }
      unavailable(deployment, desired, available, evidence, stalled).ifPresent(findings::add);
    }
    for (StatefulSet set : snapshot.statefulSets()) {
      int desired = Optional.ofNullable(set.getSpec() == null ? null : set.getSpec().getReplicas()).orElse(1);
      int ready = set.getStatus() == null ? 0 : Optional.ofNullable(set.getStatus().getReadyReplicas()).orElse(0);
      unavailable(set, desired, ready, new ArrayList<>(List.of("spec.replicas=" + desired, "status.readyReplicas=" + ready)),
          null).ifPresent(findings::add);
    }
    for (DaemonSet set : snapshot.daemonSets()) {
      var status = set.getStatus();
      int desired = status == null ? 0 : Optional.ofNullable(status.getDesiredNumberScheduled()).orElse(0);
      int ready = status == null ? 0 : Optional.ofNullable(status.getNumberReady()).orElse(0);
      unavailable(set, desired, ready, new ArrayList<>(List.of("status.desiredNumberScheduled=" + desired,
          "status.numberReady=" + ready)), null).ifPresent(findings::add);
    }
    return findings;
  }

  private static Optional<Finding> unavailable(HasMetadata workload, int desired, int available, List<String> evidence,
      String stalled) {
    if (available >= desired && stalled == null) {
      return Optional.empty();
    }
    ObjectRef ref = ObjectRef.of(workload);
    String problem = available + " of " + desired + " replicas available"
        + (stalled == null ? "" : "; the rollout is stuck (" + stalled + ")");
    return Optional.of(Finding.of("WorkloadUnavailable", available == 0 && desired > 0 ? CRITICAL : WARNING, ref,
        problem, lines(evidence),
        "see why its pods are not ready (the causes below), then kubectl -n " + ref.namespace() + " rollout status "
            + ref.kind().toLowerCase(java.util.Locale.ROOT) + "/" + ref.name()));
  }
}
