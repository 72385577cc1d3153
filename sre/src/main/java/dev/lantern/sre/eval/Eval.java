package dev.lantern.sre.eval;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.kube.diagnose.Analyzers;
import dev.lantern.kube.diagnose.Finding;
import dev.lantern.kube.diagnose.ObjectRef;
import dev.lantern.kube.diagnose.Report;
import dev.lantern.kube.diagnose.ReportText;
import dev.lantern.kube.diagnose.Snapshot;
import dev.lantern.sre.SreMetrics;
import dev.lantern.sre.SreSettings;
import dev.lantern.sre.investigate.Investigation;
import dev.lantern.sre.investigate.Investigator;
import dev.lantern.sre.investigate.Question;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code lantern sre eval}: scores the analyzers alone (no model) and the investigator's answers
 * per model on a folder of cases. An analyzer passes a case when it finds an expected kind of
 * problem on every expected object (or nothing, on a healthy case). An answer passes when it has
 * every expected fact, names every expected object, and names no namespace/name that is not in
 * the case.
 */
public final class Eval {
  /** {@code namespace/name} in an answer; names that are not in the case are invented. */
  private static final Pattern REFERENCE = Pattern.compile("\\b([a-z0-9][a-z0-9-]{0,62})/([a-z0-9][a-z0-9.-]{0,252}[a-z0-9])\\b");

  public record AnalyzerScore(String name, boolean passed, List<String> kinds, int tokens, String missed) {}

  public record ModelScore(String name, String model, boolean passed, int facts, int factsExpected,
      List<String> missingObjects, List<String> invented, long promptTokens, int steps, String error) {}

  private Eval() {}

  public static AnalyzerScore analyzers(EvalCase evalCase, Instant now) {
    Report report = Analyzers.run(Snapshot.of(evalCase.objects(), now));
    List<Finding> all = Report.all(report.findings()).toList();
    List<String> kinds = all.stream().map(Finding::kind).distinct().toList();
    int tokens = ReportText.render(report).length() / 4;
    if (evalCase.healthy()) {
      return new AnalyzerScore(evalCase.name(), all.isEmpty(), kinds, tokens, all.isEmpty() ? null
          : "expected nothing, found " + kinds);
    }
    List<String> missed = new ArrayList<>();
    if (kinds.stream().noneMatch(evalCase.kinds()::contains)) {
      missed.add("none of " + evalCase.kinds());
    }
    Set<String> named = all.stream().flatMap(f -> java.util.stream.Stream.concat(java.util.stream.Stream.of(f.object()),
        f.alike().stream())).map(ObjectRef::toString).collect(Collectors.toSet());
    evalCase.expectedObjects().stream().filter(o -> !named.contains(o)).forEach(missed::add);
    return new AnalyzerScore(evalCase.name(), missed.isEmpty(), kinds, tokens,
        missed.isEmpty() ? null : "missed " + String.join(", ", missed));
  }

  public static ModelScore investigate(EvalCase evalCase, SreSettings settings, ChatModel model, Instant now) {
    Investigator investigator = Investigator.over(new CaseTools(evalCase, now), settings, model,
        new SreMetrics(MetricsEndpoint.registryWithJvmMetrics()), () -> now);
    Investigation investigation = investigator.investigate(Question.of(evalCase.question()), "eval",
        TurnListener.SILENT, new Cancellation());
    return score(evalCase, settings.model(), investigation);
  }

  static ModelScore score(EvalCase evalCase, String model, Investigation investigation) {
    String answer = investigation.answer() == null ? "" : investigation.answer();
    String lower = answer.toLowerCase(Locale.ROOT);
    int facts = (int) evalCase.facts().stream().filter(f -> lower.contains(f.toLowerCase(Locale.ROOT))).count();
    List<String> missing = evalCase.expectedObjects().stream()
        .filter(o -> !lower.contains(o.substring(o.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT))).toList();
    List<String> invented = invented(evalCase, answer);
    boolean passed = investigation.completed() && facts == evalCase.facts().size() && missing.isEmpty()
        && invented.isEmpty();
    return new ModelScore(evalCase.name(), model, passed, facts, evalCase.facts().size(), missing, invented,
        investigation.usage().promptTokens(), investigation.steps(), investigation.error());
  }

  /** namespace/name references to a namespace of the case whose name no object there has. */
  static List<String> invented(EvalCase evalCase, String answer) {
    Set<String> namespaces = evalCase.objects().stream().map(o -> o.getMetadata().getNamespace())
        .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    Set<String> names = evalCase.objects().stream().filter(o -> o.getMetadata().getNamespace() != null)
        .map(Eval::key).collect(Collectors.toSet());
    List<String> invented = new ArrayList<>();
    Matcher matcher = REFERENCE.matcher(answer);
    while (matcher.find()) {
      String reference = matcher.group(1) + "/" + matcher.group(2);
      if (namespaces.contains(matcher.group(1)) && !names.contains(reference) && !invented.contains(reference)) {
        invented.add(reference);
      }
    }
    return invented;
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  public static String analyzerTable(List<AnalyzerScore> scores) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-34s %-6s %6s  %s%n", "CASE (analyzers, no model)",
        "RESULT", "TOKENS", "FOUND"));
    scores.forEach(s -> out.append(String.format(Locale.ROOT, "%-34s %-6s %6d  %s%n", s.name(), s.passed() ? "pass" : "FAIL",
        s.tokens(), s.passed() ? String.join(",", s.kinds()) : s.missed())));
    long passed = scores.stream().filter(AnalyzerScore::passed).count();
    return out.append(String.format(Locale.ROOT, "analyzers: %d/%d cases%n", passed, scores.size())).toString();
  }

  public static String modelTable(String model, List<ModelScore> scores) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-34s %-6s %6s %8s %5s  %s%n",
        "CASE (" + model + ")", "RESULT", "FACTS", "PROMPT", "STEPS", "NOTES"));
    for (ModelScore s : scores) {
      List<String> notes = new ArrayList<>();
      if (!s.missingObjects().isEmpty()) {
        notes.add("not named: " + String.join(", ", s.missingObjects()));
      }
      if (!s.invented().isEmpty()) {
        notes.add("invented: " + String.join(", ", s.invented()));
      }
      if (s.error() != null) {
        notes.add(s.error());
      }
      out.append(String.format(Locale.ROOT, "%-34s %-6s %3d/%-2d %8d %5d  %s%n", s.name(), s.passed() ? "pass" : "FAIL",
          s.facts(), s.factsExpected(), s.promptTokens(), s.steps(), String.join("; ", notes)));
    }
    long passed = scores.stream().filter(ModelScore::passed).count();
    double prompt = scores.stream().mapToLong(ModelScore::promptTokens).average().orElse(0);
    return out.append(String.format(Locale.ROOT, "%s: %d/%d cases, %.0f prompt tokens per investigation%n", model,
        passed, scores.size(), prompt)).toString();
  }
}
