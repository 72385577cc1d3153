package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.CRITICAL;
import static dev.lantern.kube.diagnose.PodAnalyzer.lines;
import static dev.lantern.kube.diagnose.PodAnalyzer.truncate;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** ReplicaSets that cannot create their pods: a quota, an admission webhook, a policy. */
final class ReplicaSetAnalyzer implements Analyzer {
  @Override
  public String name() {
    return "replicasets";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (ReplicaSet set : snapshot.replicaSets()) {
      if (set.getStatus() == null || set.getStatus().getConditions() == null) {
        continue;
      }
      for (ReplicaSetCondition condition : set.getStatus().getConditions()) {
        if (!"ReplicaFailure".equals(condition.getType()) || !"True".equals(condition.getStatus())) {
          continue;
        }
        String message = String.valueOf(condition.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        String why = lower.contains("exceeded quota") ? "a ResourceQuota is exceeded"
            : lower.contains("admission webhook") || lower.contains("denied") ? "an admission controller denied them"
            : "the API refused them";
        ObjectRef ref = ObjectRef.of(set);
        findings.add(Finding.of("ReplicaSetCreateFailed", CRITICAL, ref, "cannot create pods: " + why,
            lines("condition ReplicaFailure=True (" + condition.getReason() + ")", "message: " + truncate(message, 200)),
            why.contains("quota") ? "kubectl -n " + ref.namespace() + " describe resourcequota; raise it or lower the requests"
                : "read the message above; the webhook or policy named there decides"));
      }
    }
    return findings;
  }
}
