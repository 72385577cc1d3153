package dev.lantern.kube.tool;

import dev.lantern.kube.tools.config.ConfigToolset;
import dev.lantern.kube.tools.core.CoreToolset;
import dev.lantern.kube.tools.diagnose.DiagnoseToolset;
import dev.lantern.kube.tools.helm.HelmToolset;
import dev.lantern.kube.tools.metrics.MetricsToolset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every toolset, registered explicitly. Adding one is one class and one line here. */
public final class Toolsets {
  private static final List<Toolset> ALL = List.of(
      new CoreToolset(),
      new ConfigToolset(),
      new MetricsToolset(),
      new DiagnoseToolset(),
      new HelmToolset());

  /** What runs without {@code --toolsets}: helm needs a ClusterRole that can list Secrets, so it is opt-in. */
  public static final List<String> DEFAULT = List.of("core", "config", "metrics", "diagnose");

  private Toolsets() {}

  public static List<String> names() {
    return ALL.stream().map(Toolset::name).toList();
  }

  /**
   * The tools of the named toolsets, in registration order.
   *
   * @throws IllegalArgumentException for an unknown toolset or two tools with one name
   */
  public static List<KubeTool> tools(List<String> names, ToolContext context) {
    Map<String, Toolset> byName = new LinkedHashMap<>();
    ALL.forEach(toolset -> byName.put(toolset.name(), toolset));
    for (String name : names) {
      if (!byName.containsKey(name)) {
        throw new IllegalArgumentException("unknown toolset '" + name + "'; available: " + String.join(", ", byName.keySet()));
      }
    }
    List<Toolset> chosen = ALL.stream().filter(toolset -> names.contains(toolset.name())).toList();
    ContextSwitch contexts = context.cluster().contextNames().size() < 2 ? null
        : new ContextSwitch(context, other -> build(chosen, other, null));
    return build(chosen, context, contexts);
  }

  /** With several kubeconfig contexts, the tools that read the cluster take {@code context}. */
  private static List<KubeTool> build(List<Toolset> toolsets, ToolContext context, ContextSwitch contexts) {
    List<KubeTool> tools = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Toolset toolset : toolsets) {
      for (KubeTool tool : toolset.tools(context)) {
        if (!seen.add(tool.name())) {
          throw new IllegalStateException("two tools are named '" + tool.name() + "'");
        }
        tools.add(contexts != null && toolset.readsCluster() ? contexts.wrap(tool) : tool);
      }
    }
    return tools;
  }
}
