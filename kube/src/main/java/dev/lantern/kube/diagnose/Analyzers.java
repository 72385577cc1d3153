package dev.lantern.kube.diagnose;

import java.util.ArrayList;
import java.util.List;

/** Every analyzer, registered explicitly. Adding one is one class and one line here. */
public final class Analyzers {
  static final List<Analyzer> ALL = List.of(
      new PodAnalyzer(),
      new WorkloadAnalyzer(),
      new ReplicaSetAnalyzer(),
      new PvcAnalyzer(),
      new ServiceAnalyzer(),
      new IngressAnalyzer(),
      new JobAnalyzer(),
      new NodeAnalyzer(),
      new HpaAnalyzer(),
      new EventAnalyzer());

  private Analyzers() {}

  public static List<String> names() {
    return ALL.stream().map(Analyzer::name).toList();
  }

  /** Runs every analyzer on one snapshot and folds the findings into a ranked report. */
  public static Report run(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Analyzer analyzer : ALL) {
      findings.addAll(analyzer.analyze(snapshot));
    }
    return Report.of(snapshot, findings);
  }
}
