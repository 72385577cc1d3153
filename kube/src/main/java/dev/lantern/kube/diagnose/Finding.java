package dev.lantern.kube.diagnose;

import java.util.ArrayList;
import java.util.List;

/**
 * One problem an analyzer found: the object, what is wrong, the status fields and events that
 * show it, and what to look at next. Findings carry names and status only, never Secret data: no
 * analyzer reads a Secret.
 *
 * @param kind     a stable name for the kind of problem ({@code CrashLoopBackOff}, {@code PvcPending}); runbooks match on it
 * @param evidence the fields and events read, one short line each
 * @param causes   findings on objects this one owns (a Deployment's crashing pods), folded under it
 * @param alike    other objects with the same problem, counted instead of listed again
 */
public record Finding(String kind, Severity severity, ObjectRef object, String problem, List<String> evidence,
    String nextStep, List<Finding> causes, List<ObjectRef> alike) {

  /** Critical: the object does not work. Warning: it works worse than it should, or may soon stop. */
  public enum Severity { CRITICAL, WARNING }

  public Finding {
    evidence = List.copyOf(evidence);
    causes = List.copyOf(causes);
    alike = List.copyOf(alike);
  }

  public static Finding of(String kind, Severity severity, ObjectRef object, String problem, List<String> evidence,
      String nextStep) {
    return new Finding(kind, severity, object, problem, evidence, nextStep, List.of(), List.of());
  }

  Finding withCauses(List<Finding> more) {
    List<Finding> all = new ArrayList<>(causes);
    all.addAll(more);
    return new Finding(kind, severity, object, problem, evidence, nextStep, all, alike);
  }

  Finding withEvidence(List<String> more) {
    List<String> all = new ArrayList<>(evidence);
    more.stream().filter(line -> !all.contains(line)).forEach(all::add);
    return new Finding(kind, severity, object, problem, all, nextStep, causes, alike);
  }

  Finding withAlike(List<ObjectRef> more) {
    List<ObjectRef> all = new ArrayList<>(alike);
    all.addAll(more);
    return new Finding(kind, severity, object, problem, evidence, nextStep, causes, all);
  }

  /** How many objects this finding speaks for: itself, its alikes and its causes. */
  public int weight() {
    int weight = 1 + alike.size();
    for (Finding cause : causes) {
      weight += cause.weight();
    }
    return weight;
  }

  /** Every kind of problem in this finding and under it. */
  public List<String> kinds() {
    List<String> kinds = new ArrayList<>(List.of(kind));
    causes.forEach(cause -> cause.kinds().stream().filter(k -> !kinds.contains(k)).forEach(kinds::add));
    return kinds;
  }
}
