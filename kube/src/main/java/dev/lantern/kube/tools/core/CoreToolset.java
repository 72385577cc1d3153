package dev.lantern.kube.tools.core;

import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.Toolset;
import java.util.ArrayList;
import java.util.List;

/** kubernetes-mcp-server's core tools: namespaces, events, pods, nodes and any resource. */
public final class CoreToolset implements Toolset {
  @Override
  public String name() {
    return "core";
  }

  @Override
  public List<KubeTool> tools(ToolContext context) {
    List<KubeTool> tools = new ArrayList<>();
    tools.addAll(new Namespaces(context).tools());
    tools.addAll(new EventsTools(context).tools());
    tools.addAll(new PodsTools(context).tools());
    tools.addAll(new NodesTools(context).tools());
    tools.addAll(new ResourcesTools(context).tools());
    return tools;
  }
}
