package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.CRITICAL;
import static dev.lantern.kube.diagnose.Finding.Severity.WARNING;
import static dev.lantern.kube.diagnose.PodAnalyzer.lines;
import static dev.lantern.kube.diagnose.PodAnalyzer.truncate;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Nodes that are not Ready, or that report memory, disk or PID pressure (the kubelet evicts pods then). */
final class NodeAnalyzer implements Analyzer {
  private static final Map<String, String> PRESSURE = Map.of(
      "MemoryPressure", "NodeMemoryPressure",
      "DiskPressure", "NodeDiskPressure",
      "PIDPressure", "NodePidPressure");

  @Override
  public String name() {
    return "nodes";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Node node : snapshot.nodes()) {
      List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
          ? List.of() : node.getStatus().getConditions();
      ObjectRef ref = ObjectRef.of(node);
      for (NodeCondition condition : conditions) {
        String evidence = "condition " + condition.getType() + "=" + condition.getStatus()
            + (condition.getReason() == null ? "" : " (" + condition.getReason() + ")");
        String message = condition.getMessage() == null ? null : "message: " + truncate(condition.getMessage(), 160);
        if ("Ready".equals(condition.getType()) && !"True".equals(condition.getStatus())) {
          findings.add(Finding.of("NodeNotReady", CRITICAL, ref,
              "node is not Ready" + (condition.getReason() == null ? "" : " (" + condition.getReason() + ")")
                  + "; its pods are not running or not reachable",
              lines(evidence, message, condition.getLastTransitionTime() == null ? null
                  : "since " + condition.getLastTransitionTime()),
              "check the kubelet on the node (journalctl -u k3s-agent or -u kubelet), its network and power"));
        } else if (PRESSURE.containsKey(condition.getType()) && "True".equals(condition.getStatus())) {
          String what = condition.getType().replace("Pressure", "").toLowerCase(java.util.Locale.ROOT);
          findings.add(Finding.of(PRESSURE.get(condition.getType()), WARNING, ref,
              "node is short of " + (what.equals("pid") ? "process IDs" : what) + "; the kubelet may evict pods",
              lines(evidence, message),
              what.equals("disk") ? "free disk space on the node (unused images: crictl rmi --prune) or grow the disk"
                  : "see which pods use the most on this node (nodes_top, pods_top) and set limits on them"));
        }
      }
    }
    return findings;
  }
}
