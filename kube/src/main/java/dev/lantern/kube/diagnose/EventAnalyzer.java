package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.WARNING;

import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recent Warning events, one finding per object. The report merges them into another analyzer's
 * finding on the same object, so this one only stands alone for problems no analyzer knows.
 */
final class EventAnalyzer implements Analyzer {
  static final String KIND = "WarningEvents";
  private static final int MAX_LINES = 3;

  @Override
  public String name() {
    return "events";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    Map<ObjectRef, List<Event>> byObject = new LinkedHashMap<>();
    for (Event event : snapshot.events()) {
      if (!"Warning".equals(event.getType()) || event.getInvolvedObject() == null
          || event.getInvolvedObject().getName() == null || !Events.recent(event, snapshot.now())) {
        continue;
      }
      var involved = event.getInvolvedObject();
      ObjectRef ref = new ObjectRef(String.valueOf(involved.getKind()), involved.getNamespace(), involved.getName());
      byObject.computeIfAbsent(ref, r -> new ArrayList<>()).add(event);
    }
    List<Finding> findings = new ArrayList<>();
    byObject.forEach((ref, events) -> {
      List<String> lines = Events.about(snapshot, ref).stream().map(Events::line).distinct().limit(MAX_LINES).toList();
      if (lines.isEmpty()) {
        return;
      }
      int total = events.stream().mapToInt(e -> e.getCount() == null ? 1 : Math.max(1, e.getCount())).sum();
      findings.add(Finding.of(KIND, WARNING, ref, total + " recent warning event" + (total == 1 ? "" : "s"), lines,
          "kubectl" + (ref.namespace() == null ? "" : " -n " + ref.namespace()) + " describe "
              + ref.kind().toLowerCase(java.util.Locale.ROOT) + " " + ref.name()));
    });
    return findings;
  }
}
