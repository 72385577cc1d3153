package dev.lantern.kube.tool;

import java.util.List;

/** A named group of tools, switched on with {@code --toolsets}. One package, one class each. */
public interface Toolset {
  String name();

  List<KubeTool> tools(ToolContext context);
}
