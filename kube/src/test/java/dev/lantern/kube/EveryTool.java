package dev.lantern.kube;

import java.util.List;
import java.util.Map;

/** A call to every tool, with typical arguments, and to the kinds a curious model tries first. */
final class EveryTool {
  record Call(String tool, Map<String, Object> arguments) {}

  static final List<Call> CALLS = List.of(
      new Call("namespaces_list", Map.of()),
      new Call("events_list", Map.of()),
      new Call("events_list", Map.of("namespace", "demo")),
      new Call("pods_list", Map.of()),
      new Call("pods_list_in_namespace", Map.of("namespace", "demo")),
      new Call("pods_get", Map.of("namespace", "demo", "name", "two-containers")),
      new Call("pods_log", Map.of("namespace", "demo", "name", "web")),
      new Call("pods_log", Map.of("namespace", "demo", "name", "crashy", "previous", true, "tail", 20)),
      new Call("pods_top", Map.of()),
      new Call("pods_top", Map.of("namespace", "demo", "name", "web")),
      new Call("nodes_top", Map.of()),
      new Call("nodes_stats_summary", Map.of("name", "node-1")),
      new Call("nodes_log", Map.of("name", "node-1", "query", "kubelet")),
      new Call("resources_list", Map.of("apiVersion", "v1", "kind", "Pod", "namespace", "demo")),
      new Call("resources_list", Map.of("apiVersion", "v1", "kind", "Secret")),
      new Call("resources_list", Map.of("apiVersion", "v1", "kind", "Secret", "namespace", "demo")),
      new Call("resources_get", Map.of("apiVersion", "v1", "kind", "Secret", "namespace", "demo", "name", "db-credentials")),
      new Call("resources_list", Map.of("apiVersion", "apps/v1", "kind", "Deployment")),
      new Call("resources_get", Map.of("apiVersion", "v1", "kind", "Pod", "namespace", "demo", "name", "web")),
      new Call("configuration_view", Map.of()),
      new Call("configuration_view", Map.of("minified", false)),
      new Call("cluster_diagnose", Map.of()),
      new Call("cluster_diagnose", Map.of("namespace", "demo")),
      new Call("helm_list", Map.of()),
      new Call("helm_list", Map.of("namespace", "demo")));

  private EveryTool() {}
}
