package dev.lantern.kube.output;

import dev.lantern.common.json.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects as YAML for a model: without {@code managedFields} and the
 * last-applied-configuration annotation, which are long, repeat the object, and can hold values
 * the object itself no longer shows.
 */
public final class Objects {
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private Objects() {}

  public static <T extends HasMetadata> T slim(T object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
      Map<String, String> annotations = object.getMetadata().getAnnotations();
      if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
        annotations.remove(LAST_APPLIED);
      }
    }
    return object;
  }

  /** Through fabric8's serialization (which knows its model), then written as plain YAML. */
  public static String yaml(KubernetesSerialization serialization, Object value) {
    return Json.YAML_OUT.writeValueAsString(Json.MAPPER.readTree(serialization.asJson(value)));
  }

  /** A list as a YAML array of its (slimmed) items, as kubernetes-mcp-server prints lists. */
  public static String yamlList(KubernetesSerialization serialization, List<? extends HasMetadata> items) {
    items.forEach(Objects::slim);
    return yaml(serialization, items);
  }
}
