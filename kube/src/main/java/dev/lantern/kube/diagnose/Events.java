package dev.lantern.kube.diagnose;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Warning events: which ones are about an object, recent enough to matter, and as one line. */
final class Events {
  /** Events older than this describe the past, not the present. */
  static final Duration RECENT = Duration.ofHours(1);

  private Events() {}

  /** The recent Warning events about an object, the most recent first. */
  static List<Event> about(Snapshot snapshot, ObjectRef ref) {
    return snapshot.events().stream()
        .filter(event -> "Warning".equals(event.getType()) && event.getInvolvedObject() != null)
        .filter(event -> ref.name().equals(event.getInvolvedObject().getName())
            && ref.kind().equals(event.getInvolvedObject().getKind())
            && Objects.equals(ref.namespace(), event.getInvolvedObject().getNamespace()))
        .filter(event -> recent(event, snapshot.now()))
        .sorted(Comparator.comparing((Event e) -> last(e)).reversed())
        .toList();
  }

  static boolean recent(Event event, Instant now) {
    Instant last = last(event);
    return last.equals(Instant.EPOCH) || !last.isBefore(now.minus(RECENT));
  }

  /** {@code event Warning BackOff ×12: Back-off restarting failed container}. */
  static String line(Event event) {
    int count = event.getCount() == null ? 1 : Math.max(1, event.getCount());
    return "event " + event.getReason() + (count > 1 ? " ×" + count : "") + ": "
        + PodAnalyzer.truncate(String.valueOf(event.getMessage()), 160);
  }

  static Instant last(Event event) {
    for (String time : new String[] {event.getLastTimestamp(),
        event.getEventTime() == null ? null : event.getEventTime().getTime(), event.getFirstTimestamp(),
        event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp()}) {
      if (time != null && !time.isBlank()) {
        try {
          return Instant.parse(time);
        } catch (DateTimeParseException e) {
          // try the next field
        }
      }
    }
    return Instant.EPOCH;
  }
}
