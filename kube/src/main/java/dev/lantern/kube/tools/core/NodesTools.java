package dev.lantern.kube.tools.core;

import static dev.lantern.kube.tool.Schemas.object;
import static dev.lantern.kube.tool.Schemas.string;

import dev.lantern.common.json.Json;
import dev.lantern.kube.tool.Args;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import tools.jackson.core.JacksonException;

/** The kubelet's summary of a node's resource use, read through the API server's node proxy. */
final class NodesTools {
  private final ToolContext context;

  NodesTools(ToolContext context) {
    this.context = context;
  }

  List<KubeTool> tools() {
    return List.of(KubeTool.of("nodes_stats_summary", "Node: Stats Summary",
        "Get detailed resource usage statistics from a Kubernetes node via the kubelet's Summary API. Provides "
            + "comprehensive metrics including CPU, memory, filesystem, and network usage at the node, pod, and "
            + "container levels. On systems with cgroup v2 and kernel 4.20+, also includes PSI (Pressure Stall "
            + "Information) metrics that show resource pressure for CPU, memory, and I/O.",
        object("\"name\"", string("name", "Name of the node to get stats from")),
        this::statsSummary));
  }

  private ToolResult statsSummary(Args args) throws ToolError {
    context.requireAllowed("v1", "Node");
    String name = args.requiredName("name");
    Node node;
    String summary;
    try {
      node = context.client().nodes().withName(name).get();
      if (node == null) {
        throw new ToolError("node '" + name + "' not found; resources_list with apiVersion v1 and kind Node lists them");
      }
      summary = context.client().raw("/api/v1/nodes/" + name + "/proxy/stats/summary");
    } catch (KubernetesClientException e) {
      throw context.failure(e, "reading the stats summary of node " + name);
    }
    if (summary == null) {
      throw new ToolError("the kubelet of node '" + name + "' did not answer the Summary API");
    }
    return context.text(compact(summary),
        "the summary covers every pod on the node; pods_top gives a shorter view per pod");
  }

  /** The kubelet pretty-prints; whitespace is a third of the tokens. */
  private static String compact(String json) {
    try {
      return Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(json));
    } catch (JacksonException notJson) {
      return json;
    }
  }
}
