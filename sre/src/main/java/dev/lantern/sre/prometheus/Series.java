package dev.lantern.sre.prometheus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * One series of a range query, summarised for a small context: its labels, min/max/avg/last, a
 * trend, and the values averaged into a fixed number of buckets. A week at a 5-minute step (2,016
 * points) becomes two lines.
 */
record Series(Map<String, String> labels, List<Instant> times, List<Double> values) {
  static final int BUCKETS = 24;

  static Series of(JsonNode result) {
    Map<String, String> labels = new TreeMap<>();
    result.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    List<Instant> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (JsonNode point : result.path("values")) {
      times.add(Instant.ofEpochMilli((long) (point.get(0).asDouble() * 1000)));
      values.add(parse(point.get(1).asString("NaN")));
    }
    return new Series(labels, times, values);
  }

  double max() {
    return values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  String summary() {
    StringBuilder out = new StringBuilder(name()).append('\n');
    if (values.isEmpty()) {
      return out.append("  no points\n").toString();
    }
    List<Double> real = values.stream().filter(v -> !v.isNaN()).toList();
    double min = real.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double avg = real.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    int maxAt = values.indexOf(max());
    out.append("  ").append(values.size()).append(" points ").append(times.get(0)).append(" .. ")
        .append(times.get(times.size() - 1)).append(": min ").append(number(min)).append(", max ")
        .append(number(max())).append(maxAt < 0 ? "" : " at " + times.get(maxAt)).append(", avg ").append(number(avg))
        .append(", last ").append(number(values.get(values.size() - 1))).append(", ").append(trend()).append('\n');
    if (values.size() > 2) {
      List<String> buckets = buckets().stream().map(Series::number).toList();
      out.append("  ").append(buckets.size() < values.size() ? buckets.size() + " averages in time order: " : "values: ")
          .append(String.join(" ", buckets)).append('\n');
    }
    return out.toString();
  }

  String name() {
    String metric = labels.getOrDefault("__name__", "");
    String rest = labels.entrySet().stream().filter(e -> !e.getKey().equals("__name__"))
        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(", "));
    return metric + "{" + rest + "}";
  }

  /** The values averaged into at most {@link #BUCKETS} equal slices. */
  List<Double> buckets() {
    int count = Math.min(BUCKETS, values.size());
    List<Double> buckets = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      int from = b * values.size() / count;
      int to = (b + 1) * values.size() / count;
      buckets.add(values.subList(from, to).stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue)
          .average().orElse(Double.NaN));
    }
    return buckets;
  }

  /** Rising, falling or flat: the last quarter's average against the first quarter's. */
  private String trend() {
    int quarter = Math.max(1, values.size() / 4);
    double first = values.subList(0, quarter).stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue)
        .average().orElse(Double.NaN);
    double last = values.subList(values.size() - quarter, values.size()).stream().filter(v -> !v.isNaN())
        .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    if (Double.isNaN(first) || Double.isNaN(last)) {
      return "trend unknown";
    }
    double scale = Math.max(Math.abs(first), Math.abs(last));
    if (scale == 0 || Math.abs(last - first) / scale < 0.1) {
      return "flat";
    }
    return last > first ? "rising" : "falling";
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return String.format(Locale.ROOT, "%.4g", value).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
        .replaceAll("\\.$", "");
  }

  private static double parse(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
