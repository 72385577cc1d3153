package dev.lantern.sre.alerts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * One Alertmanager webhook notification (payload version 4): a group of alerts with a key that
 * stays the same while the group fires.
 *
 * @param firing true for {@code status: firing}, false for {@code resolved}
 */
public record AlertGroup(String groupKey, boolean firing, String receiver, Map<String, String> commonLabels,
    Map<String, String> commonAnnotations, List<Alert> alerts) {

  /** One alert of the group. */
  public record Alert(boolean firing, Map<String, String> labels, Map<String, String> annotations, String startsAt) {}

  static final int MAX_ALERTS = 500;

  /** @throws IllegalArgumentException with a message for the sender when the payload is not a webhook notification */
  public static AlertGroup parse(JsonNode body) {
    String version = body.path("version").asString("4");
    if (!version.equals("4")) {
      throw new IllegalArgumentException("webhook payload version '" + shorten(version) + "' is not supported; "
          + "Alertmanager sends version 4");
    }
    if (!body.path("groupKey").isString() || body.path("groupKey").asString().isBlank()) {
      throw new IllegalArgumentException("'groupKey' is required (a string); is this an Alertmanager webhook?");
    }
    String status = body.path("status").asString("");
    if (!status.equals("firing") && !status.equals("resolved")) {
      throw new IllegalArgumentException("'status' must be 'firing' or 'resolved'");
    }
    JsonNode alerts = body.path("alerts");
    if (!alerts.isArray()) {
      throw new IllegalArgumentException("'alerts' must be a list");
    }
    if (alerts.size() > MAX_ALERTS) {
      throw new IllegalArgumentException("more than " + MAX_ALERTS + " alerts in one group; set max_alerts in the receiver");
    }
    List<Alert> parsed = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      JsonNode alert = alerts.get(i);
      if (!alert.isObject()) {
        throw new IllegalArgumentException("alerts[" + i + "] must be an object");
      }
      parsed.add(new Alert(!"resolved".equals(alert.path("status").asString("firing")),
          strings(alert.path("labels"), "alerts[" + i + "].labels"),
          strings(alert.path("annotations"), "alerts[" + i + "].annotations"), alert.path("startsAt").asString("")));
    }
    return new AlertGroup(shorten(body.path("groupKey").asString(), 1000), status.equals("firing"),
        body.path("receiver").asString(""), strings(body.path("commonLabels"), "commonLabels"),
        strings(body.path("commonAnnotations"), "commonAnnotations"), parsed);
  }

  public List<String> alertNames() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    alerts.forEach(a -> {
      if (a.labels().containsKey("alertname")) {
        names.add(a.labels().get("alertname"));
      }
    });
    if (names.isEmpty() && commonLabels.containsKey("alertname")) {
      names.add(commonLabels.get("alertname"));
    }
    return List.copyOf(names);
  }

  /** The namespace all alerts share, for the analyzers, or null. */
  public String namespace() {
    return commonLabels.get("namespace");
  }

  public String title() {
    List<String> names = alertNames();
    return (names.isEmpty() ? "alert" : String.join(", ", names)) + " (" + alerts.stream().filter(Alert::firing).count()
        + " firing)";
  }

  /** The alerts as a question for the investigator. */
  public String question() {
    StringBuilder text = new StringBuilder("Alertmanager reports a firing alert group: ").append(title()).append(".\n");
    if (!commonLabels.isEmpty()) {
      text.append("Common labels: ").append(labels(commonLabels)).append('\n');
    }
    commonAnnotations.forEach((k, v) -> text.append(k).append(": ").append(shorten(v, 500)).append('\n'));
    alerts.stream().filter(Alert::firing).limit(10).forEach(alert -> {
      Map<String, String> own = new TreeMap<>(alert.labels());
      commonLabels.keySet().forEach(own::remove);
      text.append("- since ").append(alert.startsAt()).append(own.isEmpty() ? "" : " " + labels(own));
      String summary = alert.annotations().getOrDefault("summary", alert.annotations().get("description"));
      text.append(summary == null || commonAnnotations.containsValue(summary) ? "" : ": " + shorten(summary, 300))
          .append('\n');
    });
    if (alerts.size() > 10) {
      text.append("- and ").append(alerts.size() - 10).append(" more\n");
    }
    return text.append("Find out why it fires and what to do about it.").toString();
  }

  private static String labels(Map<String, String> labels) {
    return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static Map<String, String> strings(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("'" + where + "' must be an object of strings");
    }
    Map<String, String> map = new TreeMap<>();
    node.properties().forEach(e -> {
      if (!e.getValue().isValueNode()) {
        throw new IllegalArgumentException("'" + where + "." + shorten(e.getKey()) + "' must be a string");
      }
      map.put(shorten(e.getKey(), 200), shorten(e.getValue().asString(), 2000));
    });
    return map;
  }

  private static String shorten(String text) {
    return shorten(text, 40);
  }

  private static String shorten(String text, int max) {
    return text.length() > max ? text.substring(0, max) + "…" : text;
  }
}
