package dev.lantern.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads values out of Prometheus text exposition, for assertions on a service's /metrics. A query
 * names a series and some of its labels; matching series are summed.
 */
public final class PromText {
  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PromText() {}

  /** The sum of every sample of {@code name} whose labels include {@code labels}; 0 when none. */
  public static double sum(String exposition, String name, Map<String, String> labels) {
    double total = 0;
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> found = labels(m.group(3));
      if (found.entrySet().containsAll(labels.entrySet())) {
        total += Double.parseDouble(m.group(4));
      }
    }
    return total;
  }

  public static double sum(String exposition, String name) {
    return sum(exposition, name, Map.of());
  }

  /** True when a sample line of {@code name} exists (declared metrics without samples do not count). */
  public static boolean has(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new HashMap<>();
    if (text == null) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    while (m.find()) {
      labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return labels;
  }
}
