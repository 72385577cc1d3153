package dev.lantern.kube.tools.config;

import static dev.lantern.kube.tool.Schemas.bool;
import static dev.lantern.kube.tool.Schemas.object;

import dev.lantern.common.json.Json;
import dev.lantern.kube.cluster.Cluster;
import dev.lantern.kube.cluster.Kubeconfig;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolResult;
import dev.lantern.kube.tool.Toolset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubeconfig in use, minified by default and always without credentials; with several
 * contexts, their list (as kubernetes-mcp-server offers it only then).
 */
public final class ConfigToolset implements Toolset {
  @Override
  public String name() {
    return "config";
  }

  /** The kubeconfig is the same whichever context a call names. */
  @Override
  public boolean readsCluster() {
    return false;
  }

  @Override
  public List<KubeTool> tools(ToolContext context) {
    List<KubeTool> tools = new ArrayList<>();
    if (context.cluster().contextNames().size() > 1) {
      tools.add(KubeTool.of("configuration_contexts_list", "Configuration: Contexts List",
          "List all available context names and associated server urls from the kubeconfig file",
          object(""), args -> contexts(context.cluster())));
    }
    tools.add(KubeTool.of("configuration_view", "Configuration: View",
        "Get the current Kubernetes configuration content as a kubeconfig YAML (credentials are redacted)",
        object("", bool("minified", "Return a minified version of the configuration. If set to true, keeps only the "
            + "current-context and the relevant pieces of the configuration for that context. If set to false, all "
            + "contexts, clusters, auth-infos, and users are returned in the configuration. (Optional, default true)")),
        args -> {
          boolean minified = args.bool("minified").orElse(true);
          return ToolResult.text(Json.YAML_OUT.writeValueAsString(context.cluster().kubeconfig().view(minified)));
        }));
    return tools;
  }

  /** Names and servers only: users and credentials stay out, like configuration_view's redaction. */
  private static ToolResult contexts(Cluster cluster) {
    List<Kubeconfig.Context> contexts = cluster.kubeconfig().contexts();
    StringBuilder text = new StringBuilder("Available Kubernetes contexts (" + contexts.size() + " total, default: "
        + cluster.currentContext() + "):\n\nFormat: [*] CONTEXT_NAME -> SERVER_URL\n"
        + "  (* indicates the default context used in tools if context is not set)\n\nContexts:\n---------\n");
    List<Map<String, Object>> items = new ArrayList<>();
    for (Kubeconfig.Context context : contexts) {
      boolean current = context.name().equals(cluster.currentContext());
      text.append(current ? "* " : "  ").append(context.name()).append(" -> ")
          .append(context.server().isEmpty() ? "(no server)" : context.server()).append('\n');
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", context.name());
      item.put("server", context.server());
      item.put("namespace", context.namespace());
      item.put("default", current);
      items.add(item);
    }
    return new ToolResult(text.toString(), Map.of("contexts", items));
  }
}
