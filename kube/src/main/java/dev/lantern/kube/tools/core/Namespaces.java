package dev.lantern.kube.tools.core;

import dev.lantern.kube.output.Ages;
import dev.lantern.kube.output.ListOutput;
import dev.lantern.kube.output.Objects;
import dev.lantern.kube.output.Table;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;

/** Namespaces: list them, and tell a model plainly when it names one that does not exist. */
final class Namespaces {
  private final ToolContext context;

  Namespaces(ToolContext context) {
    this.context = context;
  }

  List<KubeTool> tools() {
    return List.of(KubeTool.of("namespaces_list", "Namespaces: List",
        "List all the Kubernetes namespaces in the current cluster", "{\"type\": \"object\", \"properties\": {}}",
        args -> list()));
  }

  private ToolResult list() throws ToolError {
    context.requireAllowed("v1", "Namespace");
    List<Namespace> namespaces;
    try {
      namespaces = context.client().namespaces().list().getItems();
    } catch (KubernetesClientException e) {
      throw context.failure(e, "listing namespaces");
    }
    if (context.listOutput() == ListOutput.YAML) {
      return context.text(Objects.yamlList(context.client().getKubernetesSerialization(), namespaces),
          "there are too many namespaces to show them all");
    }
    Instant now = context.now();
    Table table = Table.of("NAME", "STATUS", "AGE");
    for (Namespace namespace : namespaces) {
      table.row(namespace.getMetadata().getName(),
          namespace.getStatus() == null ? null : namespace.getStatus().getPhase(),
          Ages.since(namespace.getMetadata().getCreationTimestamp(), now));
    }
    return context.table(table, "namespaces", "there are too many namespaces to show them all");
  }

  /** An empty answer about a namespace that does not exist becomes an error that says so. */
  static void requireExists(ToolContext context, String namespace) throws ToolError {
    Namespace found;
    try {
      found = context.client().namespaces().withName(namespace).get();
    } catch (KubernetesClientException e) {
      return; // cannot tell (no RBAC for namespaces): the empty answer stands
    }
    if (found == null) {
      throw new ToolError("namespace '" + namespace + "' does not exist; namespaces_list shows the namespaces");
    }
  }
}
