package dev.lantern.app;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.sre.SreMetrics;
import dev.lantern.sre.SreService;
import dev.lantern.sre.SreSettings;
import dev.lantern.sre.investigate.Investigation;
import dev.lantern.sre.investigate.Investigator;
import dev.lantern.sre.investigate.Question;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lantern sre ask "…"}: one investigation, tool calls on standard error, the answer on standard output. */
@Command(name = "ask", mixinStandardHelpOptions = true,
    description = "Investigate one question and print the answer (non-zero exit when the investigation failed).")
final class SreAsk implements Callable<Integer> {
  @CommandLine.ParentCommand
  SreCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "The question (several words are joined).")
  List<String> words;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Where the analyzers look first (default: all).")
  String namespace;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SreSettings settings = parent.settings();
    Cancellation cancellation = new Cancellation();
    try (Investigator investigator = Investigator.start(settings, SreService.chatModel(settings),
        new SreMetrics(MetricsEndpoint.registryWithJvmMetrics()), SreService.MCP_WAIT);
        Interrupts ignored = Interrupts.onCtrlC(cancellation::cancel)) {
      Investigation investigation = investigator.investigate(new Question(String.join(" ", words), List.of(), null,
          namespace, List.of()), "cli", ConsoleListener.progressOnly(err), cancellation);
      out.println(investigation.answer());
      out.flush();
      if (investigation.error() != null) {
        err.println("lantern: " + investigation.error());
        return Main.EXIT_FAILURE;
      }
      return 0;
    }
  }
}
