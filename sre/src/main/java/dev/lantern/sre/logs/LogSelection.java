package dev.lantern.sre.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines {@code fetch_pod_logs} returns, chosen from what {@code pods_log} gave: in the time
 * range, matching the filters, consecutive lines of the same shape folded into one, the last
 * {@code limit} of them, and a summary so a small model knows what it did not see.
 */
final class LogSelection {
  /** The kubelet's {@code timestamps=true} prefix: RFC 3339 with nanoseconds, then one space. */
  private static final Pattern TIMESTAMPED = Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(?:\\.\\d+)?Z (.*)");
  private static final Pattern ERROR_LIKE = Pattern.compile(
      "\\b(error|exception|fatal|panic|failed|failure|traceback|refused|timeout|oom|killed)\\b|\\bE\\d{4} ",
      Pattern.CASE_INSENSITIVE);
  /** Numbers and hex ids vary between otherwise equal lines (request ids, durations, counters). */
  private static final Pattern VARIABLE = Pattern.compile("0x[0-9a-f]+|[0-9a-f]{8,}|\\d+", Pattern.CASE_INSENSITIVE);
  private static final int MAX_LINE_CHARS = 400;
  /** A model's regex gets this long over the whole log; a backtracking one is stopped, not waited on. */
  private static final long FILTER_BUDGET_NANOS = 2_000_000_000L;

  /** Thrown when the filters used up their time budget. */
  static final class FilterTooSlow extends RuntimeException {
    FilterTooSlow() {
      super(null, null, false, false);
    }
  }
  private static final int EARLIER_ERRORS = 5;

  private record Entry(String time, String text, String shape, int repeats, String lastTime) {
    Entry repeated(String time) {
      return new Entry(this.time, text, shape, repeats + 1, time);
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private final int limit;
  private final long filterDeadline = System.nanoTime() + FILTER_BUDGET_NANOS;
  private int read;
  private int inRange;
  private int matched;
  private int errors;
  private boolean timestamped;
  private boolean rangeAsked;
  private String firstTime;
  private String lastTime;
  private String cutNote;

  private LogSelection(int limit) {
    this.limit = limit;
  }

  /**
   * @param log     {@code pods_log}'s text, lines optionally prefixed by their timestamps
   * @param start   drop lines before this, or null
   * @param end     drop lines after this, or null
   * @param include keep only lines matching this, or null
   * @param exclude drop lines matching this, or null
   */
  static LogSelection of(String log, Instant start, Instant end, Pattern include, Pattern exclude, int limit) {
    LogSelection selection = new LogSelection(limit);
    selection.rangeAsked = start != null || end != null;
    for (String raw : log.split("\r?\n")) {
      if (raw.startsWith("[output cut:")) {
        selection.cutNote = raw;
      } else if (!raw.isBlank()) {
        selection.add(raw, start, end, include, exclude);
      }
    }
    return selection;
  }

  private void add(String raw, Instant start, Instant end, Pattern include, Pattern exclude) {
    read++;
    Matcher stamped = TIMESTAMPED.matcher(raw);
    String time = null;
    String text = raw;
    if (stamped.matches()) {
      timestamped = true;
      time = stamped.group(1) + "Z";
      text = stamped.group(2);
      Instant at = Instant.parse(time);
      if ((start != null && at.isBefore(start.minusSeconds(1))) || (end != null && at.isAfter(end))) {
        return;
      }
    }
    inRange++;
    if ((include != null && !include.matcher(timed(text)).find())
        || (exclude != null && exclude.matcher(timed(text)).find())) {
      return;
    }
    matched++;
    if (ERROR_LIKE.matcher(text).find()) {
      errors++;
    }
    if (firstTime == null) {
      firstTime = time;
    }
    lastTime = time;
    String shape = VARIABLE.matcher(text).replaceAll("#");
    Entry last = entries.isEmpty() ? null : entries.getLast();
    if (last != null && last.shape().equals(shape)) {
      entries.set(entries.size() - 1, last.repeated(time));
    } else {
      entries.add(new Entry(time, text.length() > MAX_LINE_CHARS ? text.substring(0, MAX_LINE_CHARS) + "…" : text,
          shape, 0, time));
    }
  }

  /** The text as the regex engine reads it, checking the deadline as it goes. */
  private CharSequence timed(String text) {
    return new CharSequence() {
      private int reads;

      @Override
      public char charAt(int index) {
        if ((++reads & 0x3FF) == 0 && System.nanoTime() > filterDeadline) {
          throw new FilterTooSlow();
        }
        return text.charAt(index);
      }

      @Override
      public int length() {
        return text.length();
      }

      @Override
      public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
      }

      @Override
      public String toString() {
        return text;
      }
    };
  }

  String render(String what, String filter) {
    StringBuilder out = new StringBuilder();
    if (matched == 0) {
      out.append("No lines of ").append(what).append(filter == null ? " in that range" : " match '" + filter + "'")
          .append(" (").append(read).append(" lines read").append(span()).append(").\n");
      return withNotes(out).toString();
    }
    int shownFrom = Math.max(0, entries.size() - limit);
    out.append(what).append(": ").append(read).append(" lines read").append(span());
    if (matched != read) {
      out.append(", ").append(matched).append(filter == null ? " in range" : " match '" + filter + "'");
    }
    out.append(", error-like: ").append(errors).append(". ");
    out.append(shownFrom == 0 ? "All shown" : "Showing the last " + limit + " of " + entries.size())
        .append(entries.size() < matched ? ", repeated lines folded" : "").append(".\n");
    List<String> earlier = earlierErrors(shownFrom);
    if (!earlier.isEmpty()) {
      out.append("Earlier error lines, not shown below:\n");
      earlier.forEach(line -> out.append("  ").append(line).append('\n'));
    }
    out.append("---\n");
    for (Entry entry : entries.subList(shownFrom, entries.size())) {
      out.append(line(entry)).append('\n');
    }
    return withNotes(out).toString();
  }

  private List<String> earlierErrors(int shownFrom) {
    Set<String> shapes = new LinkedHashSet<>();
    List<String> lines = new ArrayList<>();
    for (Entry entry : entries.subList(0, shownFrom)) {
      if (ERROR_LIKE.matcher(entry.text()).find() && shapes.add(entry.shape()) && lines.size() < EARLIER_ERRORS) {
        lines.add(line(entry));
      }
    }
    return lines;
  }

  private static String line(Entry entry) {
    String text = (entry.time() == null ? "" : entry.time() + " ") + entry.text();
    if (entry.repeats() == 0) {
      return text;
    }
    return text + "  [and " + entry.repeats() + " more like it" + (entry.lastTime() == null ? "" : ", until "
        + entry.lastTime()) + "]";
  }

  private String span() {
    return firstTime == null ? "" : " (kept lines from " + firstTime + " to " + lastTime + ")";
  }

  private StringBuilder withNotes(StringBuilder out) {
    if (rangeAsked && !timestamped && read > 0) {
      out.append("(These lines carry no timestamps, so a time range could not be applied.)\n");
    }
    if (read >= PodLogs.FETCH_LINES || cutNote != null) {
      out.append("(Only the end of the log was searched, the last ").append(read)
          .append(" lines: older lines were not read.)\n");
    }
    return out;
  }
}
