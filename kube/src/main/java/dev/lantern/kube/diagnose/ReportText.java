package dev.lantern.kube.diagnose;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A report as compact text for a terminal or a model's context: one block per top finding,
 * causes indented under it, siblings counted. Ten problems in a thousand pods stay well under
 * 2,000 tokens because folded objects are named, not described again.
 */
public final class ReportText {
  /** Names shown for siblings with the same problem before "and N more". */
  private static final int ALIKE_NAMES = 3;
  /** Evidence lines per cause; the top finding shows all of its own. */
  private static final int CAUSE_EVIDENCE = 3;

  private ReportText() {}

  public static String render(Report report) {
    StringBuilder out = new StringBuilder();
    out.append(summary(report)).append('\n');
    int number = 1;
    for (Finding finding : report.findings()) {
      out.append('\n').append(number++).append(". ");
      finding(out, finding, "   ", Integer.MAX_VALUE);
    }
    if (!report.unreadable().isEmpty()) {
      out.append("\nNot checked: ").append(report.unreadable().entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))).append('\n');
    }
    return out.toString();
  }

  /** {@code 3 problems (2 critical) in namespace shop: 120 pods, 14 deployments read}. */
  static String summary(Report report) {
    long critical = report.findings().stream().filter(f -> f.severity() == Finding.Severity.CRITICAL).count();
    String scope = report.namespace() == null ? "all namespaces" : "namespace " + report.namespace();
    String read = report.counts().entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    String head = report.healthy() ? "No problems found" : report.findings().size() + " problem"
        + (report.findings().size() == 1 ? "" : "s") + " (" + critical + " critical)";
    return head + " in " + scope + "; read " + (read.isEmpty() ? "nothing" : read) + ".";
  }

  private static void finding(StringBuilder out, Finding finding, String indent, int evidenceLines) {
    out.append(finding.severity()).append(' ').append(finding.kind()).append(' ').append(finding.object())
        .append(": ").append(finding.problem()).append('\n');
    if (!finding.alike().isEmpty()) {
      out.append(indent).append("also: ").append(alike(finding.alike())).append('\n');
    }
    List<String> evidence = finding.evidence().stream().limit(evidenceLines).toList();
    if (!evidence.isEmpty()) {
      out.append(indent).append("evidence: ").append(String.join("; ", evidence)).append('\n');
    }
    for (Finding cause : finding.causes()) {
      out.append(indent).append("cause: ");
      finding(out, cause, indent + "  ", CAUSE_EVIDENCE);
    }
    if (finding.nextStep() != null && evidenceLines == Integer.MAX_VALUE) {
      out.append(indent).append("next: ").append(finding.nextStep()).append('\n');
    }
  }

  private static String alike(List<ObjectRef> refs) {
    String names = refs.stream().limit(ALIKE_NAMES).map(ObjectRef::name).collect(Collectors.joining(", "));
    return refs.size() > ALIKE_NAMES ? names + " and " + (refs.size() - ALIKE_NAMES) + " more" : names;
  }

  /** The report as plain maps and lists, for JSON output and MCP structured content. */
  public static Map<String, Object> structured(Report report) {
    return Map.of(
        "summary", summary(report),
        "namespace", report.namespace() == null ? "" : report.namespace(),
        "counts", report.counts(),
        "unreadable", report.unreadable(),
        "findings", report.findings());
  }
}
