package dev.lantern.app;

import dev.lantern.sre.SreSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantern sre}: the SRE investigator (HolmesGPT's job), analyzers first. */
@Command(
    name = "sre",
    mixinStandardHelpOptions = true,
    description = {"The SRE investigator (HolmesGPT's job): known problems found with no model, then an agent that",
        "reads the cluster (through kube-mcp), Prometheus and runbooks to explain what is broken and why."},
    subcommands = {SreAnalyze.class, SreAsk.class, SreInvestigate.class, SreServe.class, SreEval.class})
final class SreCommand implements Runnable {
  @Option(names = "--model", paramLabel = "NAME", scope = CommandLine.ScopeType.INHERIT,
      description = "The model to ask (default: $SRE_MODEL, else $LANTERN_MODEL, else 'free').")
  String model;

  @Option(names = "--kube-mcp-url", paramLabel = "URL", scope = CommandLine.ScopeType.INHERIT,
      description = "kube-mcp's MCP endpoint (default: $KUBE_MCP_URL, else http://127.0.0.1:8080/mcp).")
  String kubeMcpUrl;

  @Option(names = "--prometheus-url", paramLabel = "URL", scope = CommandLine.ScopeType.INHERIT,
      description = "Prometheus's base URL for the metric tools (default: $PROMETHEUS_URL; none without it).")
  String prometheusUrl;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  SreSettings settings() {
    Map<String, String> env = new HashMap<>(System.getenv());
    SreSettings settings = SreSettings.fromEnv(env);
    if (model != null && !model.isBlank()) {
      settings = settings.withModel(model.strip());
    }
    if (kubeMcpUrl != null) {
      settings = settings.withKubeMcp(kubeMcpUrl);
    }
    if (prometheusUrl != null) {
      settings = settings.withPrometheus(prometheusUrl);
    }
    return settings;
  }
}
