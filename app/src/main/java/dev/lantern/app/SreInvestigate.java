package dev.lantern.app;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.sre.SreMetrics;
import dev.lantern.sre.SreService;
import dev.lantern.sre.SreSettings;
import dev.lantern.sre.alerts.AlertGroup;
import dev.lantern.sre.alerts.AlertmanagerClient;
import dev.lantern.sre.investigate.Investigation;
import dev.lantern.sre.investigate.Investigator;
import dev.lantern.sre.investigate.Question;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantern sre investigate}: investigations of alerts pulled from a source. */
@Command(name = "investigate", mixinStandardHelpOptions = true,
    description = "Investigate the alerts firing in a source.", subcommands = SreInvestigate.Alertmanager.class)
final class SreInvestigate implements Runnable {
  @CommandLine.ParentCommand
  SreCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code lantern sre investigate alertmanager}: each firing alert (not silenced or inhibited), one after another. */
  @Command(name = "alertmanager", mixinStandardHelpOptions = true,
      description = {"Pull the firing alerts from Alertmanager (GET /api/v2/alerts) and investigate each.",
          "Exit code: 0 all answered (or none firing), 1 an investigation failed, 2 Alertmanager could not be read."})
  static final class Alertmanager implements Callable<Integer> {
    static final int MAX_ALERTS = 20;

    @CommandLine.ParentCommand
    SreInvestigate parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--alertmanager-url", paramLabel = "URL", required = true,
        defaultValue = "${env:ALERTMANAGER_URL}", description = "Alertmanager's base URL (default: $ALERTMANAGER_URL).")
    String url;

    @Option(names = "--alertname", paramLabel = "NAME", description = "Only alerts with this name.")
    String alertname;

    @Option(names = "--label", paramLabel = "K=V", description = "Only alerts with this label value (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (url == null || url.isBlank()) {
        err.println("lantern: --alertmanager-url is required (or set ALERTMANAGER_URL)");
        return Main.EXIT_CONFIG;
      }
      Map<String, String> matchers = new LinkedHashMap<>(labels);
      if (alertname != null) {
        matchers.put("alertname", alertname);
      }
      List<AlertGroup> alerts;
      try {
        alerts = new AlertmanagerClient(url).firing(matchers);
      } catch (IllegalStateException e) {
        err.println("lantern: " + e.getMessage());
        return Main.EXIT_CONFIG;
      }
      if (alerts.isEmpty()) {
        out.println("No alerts are firing" + (matchers.isEmpty() ? "." : " that match " + matchers + "."));
        return 0;
      }
      if (alerts.size() > MAX_ALERTS) {
        err.println("lantern: " + alerts.size() + " alerts fire; investigating the first " + MAX_ALERTS
            + " (narrow with --alertname or --label)");
        alerts = alerts.subList(0, MAX_ALERTS);
      }
      SreSettings settings = parent.parent.settings();
      int failed = 0;
      try (Investigator investigator = Investigator.start(settings, SreService.chatModel(settings),
          new SreMetrics(MetricsEndpoint.registryWithJvmMetrics()), SreService.MCP_WAIT)) {
        for (AlertGroup alert : alerts) {
          err.println("Investigating " + alert.title() + " " + alert.commonLabels());
          err.flush();
          Investigation investigation = investigator.investigate(new Question(alert.question(), List.of(), null,
              alert.namespace(), alert.alertNames()), "cli", TurnListener.SILENT, new Cancellation());
          out.println("## " + alert.title());
          out.println(investigation.answer());
          out.println();
          out.flush();
          failed += investigation.completed() ? 0 : 1;
        }
      }
      return failed == 0 ? 0 : Main.EXIT_FAILURE;
    }
  }
}
