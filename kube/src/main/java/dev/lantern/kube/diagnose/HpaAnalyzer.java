package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.WARNING;
import static dev.lantern.kube.diagnose.PodAnalyzer.lines;
import static dev.lantern.kube.diagnose.PodAnalyzer.truncate;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HorizontalPodAutoscalers that cannot work: they cannot read their metrics (no metrics-server,
 * no requests set), or they are pinned at maxReplicas and want more.
 */
final class HpaAnalyzer implements Analyzer {
  @Override
  public String name() {
    return "autoscalers";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (HorizontalPodAutoscaler hpa : snapshot.autoscalers()) {
      ObjectRef ref = ObjectRef.of(hpa);
      List<HorizontalPodAutoscalerCondition> conditions = hpa.getStatus() == null || hpa.getStatus().getConditions() == null
          ? List.of() : hpa.getStatus().getConditions();
      Optional<HorizontalPodAutoscalerCondition> blind = conditions.stream()
          .filter(c -> "ScalingActive".equals(c.getType()) && "False".equals(c.getStatus())).findFirst();
      if (blind.isPresent()) {
        HorizontalPodAutoscalerCondition c = blind.get();
        findings.add(Finding.of("HpaMetricsUnavailable", WARNING, ref,
            "cannot read its metrics, so it does not scale (" + c.getReason() + ")",
            lines("condition ScalingActive=False (" + c.getReason() + ")",
                c.getMessage() == null ? null : "message: " + truncate(c.getMessage(), 200)),
            "check that metrics-server runs (kubectl top pods) and that the target's containers set resources.requests"));
        continue;
      }
      int max = hpa.getSpec() == null || hpa.getSpec().getMaxReplicas() == null ? Integer.MAX_VALUE
          : hpa.getSpec().getMaxReplicas();
      int current = hpa.getStatus() == null || hpa.getStatus().getCurrentReplicas() == null ? 0
          : hpa.getStatus().getCurrentReplicas();
      int desired = hpa.getStatus() == null || hpa.getStatus().getDesiredReplicas() == null ? 0
          : hpa.getStatus().getDesiredReplicas();
      boolean limited = conditions.stream().anyMatch(c -> "ScalingLimited".equals(c.getType())
          && "True".equals(c.getStatus()) && "TooManyReplicas".equals(c.getReason()));
      if (current >= max && (limited || desired >= max)) {
        findings.add(Finding.of("HpaAtMaxReplicas", WARNING, ref,
            "pinned at maxReplicas " + max + "; the load wants more",
            lines("spec.maxReplicas=" + max, "status.currentReplicas=" + current,
                limited ? "condition ScalingLimited=True (TooManyReplicas)" : "status.desiredReplicas=" + desired),
            "raise spec.maxReplicas if the nodes have room, or find why each replica is so loaded"));
      }
    }
    return findings;
  }
}
