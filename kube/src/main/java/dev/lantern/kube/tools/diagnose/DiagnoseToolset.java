package dev.lantern.kube.tools.diagnose;

import static dev.lantern.kube.tool.Schemas.object;
import static dev.lantern.kube.tool.Schemas.string;

import dev.lantern.kube.diagnose.Analyzers;
import dev.lantern.kube.diagnose.Report;
import dev.lantern.kube.diagnose.ReportText;
import dev.lantern.kube.diagnose.Snapshot;
import dev.lantern.kube.tool.Args;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import dev.lantern.kube.tool.Toolset;
import java.util.List;

/**
 * The analyzers as one read-only tool: known problems found with no model, folded and ranked, so
 * a small model starts an investigation from the facts. Kinds denied by {@code --denied-resources}
 * are not read, and the answer says which kinds it could not check.
 */
public final class DiagnoseToolset implements Toolset {
  @Override
  public String name() {
    return "diagnose";
  }

  @Override
  public List<KubeTool> tools(ToolContext context) {
    return List.of(KubeTool.of("cluster_diagnose", "Cluster: Diagnose",
        "Find known problems in the cluster without guessing: crash loops with their exit codes, OOM kills, image "
            + "pull errors, missing ConfigMaps/Secrets, failing probes, unschedulable pods with the scheduler's reason, "
            + "unavailable Deployments/StatefulSets/DaemonSets, pending PVCs, Services without ready endpoints, "
            + "Ingresses to missing Services, failed Jobs and CronJobs, Nodes not Ready or under pressure, stuck HPAs "
            + "and warning events. Findings are ranked, with pods folded under their workload; each names the "
            + "evidence and a next step. Call this first when asked what is broken",
        object("", string("namespace",
            "Namespace to diagnose (Optional, all namespaces if not provided; Nodes are always included)")),
        args -> diagnose(context, args)).markedIdempotent());
  }

  private static ToolResult diagnose(ToolContext context, Args args) throws ToolError {
    String namespace = args.name("namespace").orElse(null);
    Snapshot snapshot = Snapshot.read(context.client(), namespace, context.now(), context.denied()::allows);
    if (snapshot.nothingRead()) {
      throw new ToolError("could not read the cluster: " + snapshot.unreadable().values().iterator().next()
          + "; check the kubeconfig and that the ServiceAccount may list pods");
    }
    Report report = Analyzers.run(snapshot);
    return new ToolResult(context.cap(ReportText.render(report), "pass a namespace"), ReportText.structured(report));
  }
}
