package dev.lantern.kube.diagnose;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who owns an object, by its ownerReferences: pod → ReplicaSet → Deployment, pod →
 * StatefulSet/DaemonSet/Job, Job → CronJob. The report uses it to fold findings under the
 * workload that a user actually manages.
 */
final class Owners {
  private Owners() {}

  /** Whether {@code owner} is listed among the owners of {@code object}. */
  static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    return references(object).stream().anyMatch(ref -> refers(ref, owner));
  }

  /**
   * The top owner a user manages: a Deployment for a ReplicaSet's pod, a CronJob for a Job's pod.
   * An object with no owner is its own top.
   */
  static ObjectRef top(HasMetadata object, Snapshot snapshot) {
    ObjectRef ref = ObjectRef.of(object);
    Optional<OwnerReference> owner = controller(object);
    if (owner.isEmpty()) {
      return ref;
    }
    String namespace = object.getMetadata().getNamespace();
    OwnerReference parent = owner.get();
    ObjectRef parentRef = new ObjectRef(parent.getKind(), namespace, parent.getName());
    return switch (parent.getKind()) {
      case "ReplicaSet" -> snapshot.replicaSets().stream()
          .filter(rs -> refers(parent, rs) && Objects.equals(namespace, rs.getMetadata().getNamespace()))
          .findFirst().map(rs -> top((ReplicaSet) rs, snapshot)).orElse(parentRef);
      case "Job" -> snapshot.jobs().stream()
          .filter(job -> refers(parent, job) && Objects.equals(namespace, job.getMetadata().getNamespace()))
          .findFirst().map(job -> top(job, snapshot)).orElse(parentRef);
      default -> parentRef;
    };
  }

  private static Optional<OwnerReference> controller(HasMetadata object) {
    List<OwnerReference> refs = references(object);
    return refs.stream().filter(ref -> Boolean.TRUE.equals(ref.getController())).findFirst()
        .or(() -> refs.stream().findFirst());
  }

  private static List<OwnerReference> references(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata() == null ? null : object.getMetadata().getOwnerReferences();
    return refs == null ? List.of() : refs;
  }

  /**
   * By uid, else by kind and name: objects restored from a backup or copied from another cluster
   * (and the eval cases) keep their ownerReferences but get new uids, and within one namespace a
   * kind and a name still say who the owner is.
   */
  private static boolean refers(OwnerReference ref, HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    if (ref.getUid() != null && ref.getUid().equals(uid)) {
      return true;
    }
    return Objects.equals(ref.getKind(), owner.getKind()) && Objects.equals(ref.getName(), owner.getMetadata().getName());
  }
}
