package dev.lantern.app;

import dev.lantern.sre.SreService;
import dev.lantern.sre.SreSettings;
import dev.lantern.sre.eval.Eval;
import dev.lantern.sre.eval.EvalCase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lantern sre eval --cases DIR [--model M]...}: the analyzers alone, then each model's
 * investigations through the gateway, one table each. Exit 0 when everything passed.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Score the analyzers (no model) and, for each --model, the investigator's answers on a folder of",
        "cases (cluster objects, logs, a question, the expected findings). The repository ships examples/sre-eval."})
final class SreEval implements Callable<Integer> {
  @CommandLine.ParentCommand
  SreCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--cases", paramLabel = "DIR", required = true, description = "The folder of case folders.")
  Path cases;

  @Option(names = "--models", paramLabel = "M", split = ",",
      description = "Models to score, through the gateway (repeatable or comma-separated; none: analyzers only).")
  List<String> models = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<EvalCase> loaded = EvalCase.loadAll(cases);
    Instant now = Instant.now();
    List<Eval.AnalyzerScore> analyzers = loaded.stream().map(c -> Eval.analyzers(c, now)).toList();
    out.println(Eval.analyzerTable(analyzers));
    boolean allPassed = analyzers.stream().allMatch(Eval.AnalyzerScore::passed);
    for (String model : models) {
      SreSettings settings = parent.settings().withModel(model.strip());
      List<Eval.ModelScore> scores = new ArrayList<>();
      for (EvalCase evalCase : loaded) {
        spec.commandLine().getErr().println("  " + model + ": " + evalCase.name());
        spec.commandLine().getErr().flush();
        scores.add(Eval.investigate(evalCase, settings, SreService.chatModel(settings), now));
      }
      out.println(Eval.modelTable(model, scores));
      out.flush();
      allPassed &= scores.stream().allMatch(Eval.ModelScore::passed);
    }
    return allPassed ? 0 : 1;
  }
}
