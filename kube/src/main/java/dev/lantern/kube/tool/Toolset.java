package dev.lantern.kube.tool;

import java.util.List;

/** A named group of tools, switched on with {@code --toolsets}. One package, one class each. */
public interface Toolset {
  String name();

  List<KubeTool> tools(ToolContext context);

  /** Whether its tools read the cluster, and so take {@code context} when the kubeconfig has several. */
  default boolean readsCluster() {
    return true;
  }
}
