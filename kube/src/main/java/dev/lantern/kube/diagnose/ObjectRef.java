package dev.lantern.kube.diagnose;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A Kubernetes object by kind, namespace and name.
 *
 * @param namespace null for cluster-scoped objects (Nodes)
 */
public record ObjectRef(String kind, String namespace, String name) {
  public static ObjectRef of(HasMetadata object) {
    return new ObjectRef(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
