package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.CRITICAL;
import static dev.lantern.kube.diagnose.PodAnalyzer.lines;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * PersistentVolumeClaims stuck in Pending. A claim waiting for its first consumer with no pod
 * using it yet is normal ({@code WaitForFirstConsumer}) and not reported.
 */
final class PvcAnalyzer implements Analyzer {
  @Override
  public String name() {
    return "pvcs";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (PersistentVolumeClaim claim : snapshot.claims()) {
      if (claim.getStatus() == null || !"Pending".equals(claim.getStatus().getPhase())) {
        continue;
      }
      ObjectRef ref = ObjectRef.of(claim);
      List<Event> events = Events.about(snapshot, ref);
      boolean waitingForConsumer = snapshot.events().stream().anyMatch(e -> "WaitForFirstConsumer".equals(e.getReason())
          && e.getInvolvedObject() != null && ref.name().equals(e.getInvolvedObject().getName()));
      if (waitingForConsumer && !usedByAPod(snapshot, claim)) {
        continue;
      }
      String storageClass = Optional.ofNullable(claim.getSpec() == null ? null : claim.getSpec().getStorageClassName())
          .orElse("(default)");
      List<String> evidence = new ArrayList<>(List.of("status.phase=Pending", "spec.storageClassName=" + storageClass));
      events.stream().limit(2).map(Events::line).forEach(evidence::add);
      findings.add(Finding.of("PvcPending", CRITICAL, ref,
          "claim is not bound" + (events.isEmpty() ? "" : ": " + PodAnalyzer.truncate(events.get(0).getMessage(), 140)),
          lines(evidence),
          "check that storage class " + storageClass + " exists and its provisioner runs "
              + "(kubectl get storageclass; on K3s, local-path-provisioner in kube-system)"));
    }
    return findings;
  }

  private static boolean usedByAPod(Snapshot snapshot, PersistentVolumeClaim claim) {
    for (Pod pod : snapshot.pods()) {
      if (!Objects.equals(pod.getMetadata().getNamespace(), claim.getMetadata().getNamespace()) || pod.getSpec() == null
          || pod.getSpec().getVolumes() == null) {
        continue;
      }
      for (Volume volume : pod.getSpec().getVolumes()) {
        if (volume.getPersistentVolumeClaim() != null
            && claim.getMetadata().getName().equals(volume.getPersistentVolumeClaim().getClaimName())) {
          return true;
        }
      }
    }
    return false;
  }
}
