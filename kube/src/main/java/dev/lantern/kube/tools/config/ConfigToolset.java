package dev.lantern.kube.tools.config;

import static dev.lantern.kube.tool.Schemas.bool;
import static dev.lantern.kube.tool.Schemas.object;

import dev.lantern.common.json.Json;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolResult;
import dev.lantern.kube.tool.Toolset;
import java.util.List;

/** The kubeconfig in use, minified by default and always without credentials. */
public final class ConfigToolset implements Toolset {
  @Override
  public String name() {
    return "config";
  }

  @Override
  public List<KubeTool> tools(ToolContext context) {
    return List.of(KubeTool.of("configuration_view", "Configuration: View",
        "Get the current Kubernetes configuration content as a kubeconfig YAML (credentials are redacted)",
        object("", bool("minified", "Return a minified version of the configuration. If set to true, keeps only the "
            + "current-context and the relevant pieces of the configuration for that context. If set to false, all "
            + "contexts, clusters, auth-infos, and users are returned in the configuration. (Optional, default true)")),
        args -> {
          boolean minified = args.bool("minified").orElse(true);
          return ToolResult.text(Json.YAML_OUT.writeValueAsString(context.cluster().kubeconfig().view(minified)));
        }));
  }
}
