package dev.lantern.app;

import dev.lantern.common.json.Json;
import dev.lantern.kube.cluster.Cluster;
import dev.lantern.kube.cluster.DeniedResources;
import dev.lantern.kube.diagnose.Analyzers;
import dev.lantern.kube.diagnose.Report;
import dev.lantern.kube.diagnose.ReportText;
import dev.lantern.kube.diagnose.Snapshot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lantern sre analyze}: the analyzers alone, no model. The exit code is for cron jobs and
 * CI: 0 when nothing is found, 1 when problems are, 2 when the cluster could not be read.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = {"Find known problems in the cluster with no model (k8sgpt's way).",
        "Exit code: 0 nothing found, 1 problems found, 2 the cluster could not be read."})
final class SreAnalyze implements Callable<Integer> {
  static final int EXIT_FOUND = 1;
  static final int EXIT_UNREADABLE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Only this namespace (Nodes are always read).")
  String namespace;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = {"-v", "--verbose"}, description = "Show how long connecting, reading and analyzing took (stderr).")
  boolean verbose;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig to use (default: the pod's service account, else $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("text") && !output.equals("json")) {
      err.println("lantern: --output must be text or json, got '" + output + "'");
      return EXIT_UNREADABLE;
    }
    if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      err.println("lantern: --namespace must be a Kubernetes namespace name");
      return EXIT_UNREADABLE;
    }
    Report report;
    long started = System.nanoTime();
    try (Cluster cluster = Cluster.connect(kubeconfig)) {
      long connected = System.nanoTime();
      DeniedResources denied = DeniedResources.parse(DeniedResources.DEFAULT);
      Snapshot snapshot = Snapshot.read(cluster.client(), namespace, Instant.now(), denied::allows);
      long read = System.nanoTime();
      if (snapshot.nothingRead()) {
        err.println("lantern: could not read the cluster (" + snapshot.unreadable().values().iterator().next()
            + "); check --kubeconfig and that you may list pods");
        return EXIT_UNREADABLE;
      }
      report = Analyzers.run(snapshot);
      if (verbose) {
        err.printf("connect %d ms, read %d ms (%s), analyze %d ms, JVM up %d ms before%n", (connected - started) / 1_000_000,
            (read - connected) / 1_000_000, snapshot.counts(), (System.nanoTime() - read) / 1_000_000,
            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - started) / 1_000_000);
      }
    }
    if (output.equals("json")) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ReportText.structured(report)));
    } else {
      out.print(ReportText.render(report));
    }
    out.flush();
    if (!report.unreadable().isEmpty()) {
      err.println("lantern: not checked: " + String.join(", ", List.copyOf(report.unreadable().keySet())));
    }
    return report.healthy() ? 0 : EXIT_FOUND;
  }
}
