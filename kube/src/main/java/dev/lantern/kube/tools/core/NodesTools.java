package dev.lantern.kube.tools.core;

import static dev.lantern.kube.tool.Schemas.integer;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/** What the kubelet knows of its node, read through the API server's node proxy: logs and resource use. */
final class NodesTools {
  /** A journald unit (kubelet, k3s, containerd) or an absolute file path under the kubelet's log directory. */
  private static final Pattern LOG_QUERY = Pattern.compile("[A-Za-z0-9@._-]{1,128}|/[A-Za-z0-9@._/-]{1,256}");
  private static final long DEFAULT_TAIL = 100;
  /** A whole journal would not fit a sidecar's 40 MiB heap; upstream's 0 ("everything") is refused. */
  private static final long MAX_TAIL = 10_000;

  private final ToolContext context;

  NodesTools(ToolContext context) {
    this.context = context;
  }

  List<KubeTool> tools() {
    return List.of(KubeTool.of("nodes_log", "Node: Log",
        "Get logs from a Kubernetes node (kubelet, kube-proxy, or other system logs). This accesses node logs "
            + "through the Kubernetes API proxy to the kubelet",
        object("\"name\", \"query\"",
            string("name", "Name of the node to get logs from"),
            string("query", "query specifies services(s) or files from which to return logs (required). Example: "
                + "\\\"kubelet\\\" to fetch kubelet logs, \\\"/<log-file-name>\\\" to fetch a specific log file from the "
                + "node (e.g., \\\"/var/log/kubelet.log\\\" or \\\"/var/log/kube-proxy.log\\\"); on K3s the unit is "
                + "\\\"k3s\\\" (servers) or \\\"k3s-agent\\\""),
            integer("tailLines", "Number of lines to retrieve from the end of the logs (Optional, default "
                + DEFAULT_TAIL + ", at most " + MAX_TAIL + ")")),
        this::log),
        KubeTool.of("nodes_stats_summary", "Node: Stats Summary",
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

  private ToolResult log(Args args) throws ToolError {
    context.requireAllowed("v1", "Node");
    String name = args.requiredName("name");
    String query = args.required("query");
    if (!LOG_QUERY.matcher(query).matches() || query.contains("..")) {
      throw new ToolError("'query' must be a service name such as kubelet or k3s, or a file path such as "
          + "/var/log/kubelet.log; got '" + (query.length() > 60 ? query.substring(0, 60) + "…" : query) + "'");
    }
    long tail = args.integer("tailLines", 1, MAX_TAIL).orElse(DEFAULT_TAIL);
    String path = "/api/v1/nodes/" + name + "/proxy/logs/?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&tailLines=" + tail;
    String log;
    try {
      if (context.client().nodes().withName(name).get() == null) {
        throw new ToolError("node '" + name + "' not found; resources_list with apiVersion v1 and kind Node lists them");
      }
      log = context.client().raw(path);
    } catch (KubernetesClientException e) {
      throw context.failure(e, "reading the log '" + query + "' of node " + name);
    }
    if (log == null || isDirectoryListing(log)) {
      // The log query API is behind a feature gate. Without it the kubelet ignores the query and
      // serves /var/log as a file server (an HTML listing), or answers 404.
      throw new ToolError("the kubelet of node '" + name + "' has no log '" + query + "', or does not serve log "
          + "queries: they need the NodeLogQuery feature gate and enableSystemLogQuery in the kubelet config (on "
          + "K3s: --kubelet-arg=feature-gates=NodeLogQuery=true --kubelet-arg=enable-system-log-query=true)");
    }
    if (log.isEmpty()) {
      return ToolResult.text("The log '" + query + "' of node " + name + " is empty.");
    }
    return ToolResult.text(context.capKeepingEnd(log, "pass a smaller tailLines"));
  }

  private static boolean isDirectoryListing(String body) {
    String start = body.stripLeading().toLowerCase(java.util.Locale.ROOT);
    return start.startsWith("<pre>") || start.startsWith("<!doctype") || start.startsWith("<html");
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
