package dev.lantern.kube.diagnose;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The findings of one run, folded and ranked: a pod's or ReplicaSet's finding goes under its
 * Deployment's, a Job's under its CronJob's, the same problem on sibling objects is counted once
 * with the others named, and warning events join the finding on their object. What could not be
 * read is kept, so an empty report over an unreadable cluster never looks like a healthy one.
 *
 * @param counts     objects read per kind
 * @param unreadable kind → why it could not be listed
 */
public record Report(String namespace, Map<String, Integer> counts, Map<String, String> unreadable,
    List<Finding> findings) {

  private static final Comparator<Finding> RANK = Comparator.comparing(Finding::severity)
      .thenComparing(Comparator.comparingInt(Finding::weight).reversed())
      .thenComparing(finding -> finding.object().toString());

  public Report {
    counts = Map.copyOf(counts);
    unreadable = Map.copyOf(unreadable);
    findings = List.copyOf(findings);
  }

  static Report of(Snapshot snapshot, List<Finding> raw) {
    List<Finding> merged = mergeEvents(raw);
    List<Finding> folded = fold(merged, snapshot);
    return new Report(snapshot.namespace(), new LinkedHashMap<>(snapshot.counts()),
        new LinkedHashMap<>(snapshot.unreadable()), folded.stream().sorted(RANK).toList());
  }

  /** Whether nothing was found. A report with unreadable kinds may still have missed problems. */
  public boolean healthy() {
    return findings.isEmpty();
  }

  /** Every finding, folded or not, by kind: what {@code lantern_sre_findings} counts. */
  public Map<String, Integer> kindCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    all(findings).forEach(f -> counts.merge(f.kind(), 1 + f.alike().size(), Integer::sum));
    return counts;
  }

  /** Findings and everything folded under them. */
  public static Stream<Finding> all(List<Finding> findings) {
    return findings.stream().flatMap(f -> Stream.concat(Stream.of(f), all(f.causes())));
  }

  /** A WarningEvents finding on an object that has another finding becomes that finding's evidence. */
  private static List<Finding> mergeEvents(List<Finding> raw) {
    List<Finding> others = new ArrayList<>(raw.stream().filter(f -> !isEvents(f)).toList());
    List<Finding> result = new ArrayList<>();
    for (Finding events : raw.stream().filter(Report::isEvents).toList()) {
      int index = indexOfObject(others, events.object());
      if (index >= 0) {
        others.set(index, others.get(index).withEvidence(events.evidence()));
      } else {
        result.add(events);
      }
    }
    result.addAll(0, others);
    return result;
  }

  /** Puts each finding under its top owner's finding, then counts same-kind siblings once. */
  private static List<Finding> fold(List<Finding> findings, Snapshot snapshot) {
    Map<ObjectRef, HasMetadata> owned = new LinkedHashMap<>();
    Stream.of(snapshot.pods(), snapshot.replicaSets(), snapshot.jobs())
        .flatMap(List::stream).forEach(object -> owned.put(ObjectRef.of(object), object));
    Map<ObjectRef, Finding> tops = new LinkedHashMap<>();
    Map<ObjectRef, List<Finding>> causes = new LinkedHashMap<>();
    List<Finding> orphans = new ArrayList<>();
    for (Finding finding : findings) {
      HasMetadata object = owned.get(finding.object());
      ObjectRef top = object == null ? finding.object() : Owners.top(object, snapshot);
      if (top.equals(finding.object())) {
        tops.merge(top, finding, (a, b) -> a.withEvidence(List.of(b.problem())).withEvidence(b.evidence()));
      } else {
        causes.computeIfAbsent(top, t -> new ArrayList<>()).add(finding);
      }
    }
    List<Finding> result = new ArrayList<>();
    tops.forEach((ref, finding) -> result.add(finding.withCauses(alike(causes.getOrDefault(ref, List.of())))));
    causes.forEach((ref, list) -> {
      if (!tops.containsKey(ref)) {
        orphans.addAll(alike(list));
      }
    });
    result.addAll(orphans);
    return result;
  }

  /** Findings of one kind under one owner become one, naming the others: 40 crashing pods, not 40 findings. */
  private static List<Finding> alike(List<Finding> siblings) {
    Map<String, Finding> byKind = new LinkedHashMap<>();
    for (Finding finding : siblings) {
      byKind.merge(finding.kind(), finding, (first, next) -> first.withAlike(List.of(next.object())));
    }
    return List.copyOf(byKind.values());
  }

  private static boolean isEvents(Finding finding) {
    return EventAnalyzer.KIND.equals(finding.kind());
  }

  private static int indexOfObject(List<Finding> findings, ObjectRef ref) {
    for (int i = 0; i < findings.size(); i++) {
      if (Objects.equals(findings.get(i).object(), ref)) {
        return i;
      }
    }
    return -1;
  }
}
