package dev.lantern.sre.alerts;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Alertmanager's API v2: the alerts firing now, each as a one-alert group to investigate. */
public final class AlertmanagerClient {
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public AlertmanagerClient(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  /**
   * Active alerts that are neither silenced nor inhibited, matching every {@code label → value}.
   *
   * @throws IllegalStateException with a message for the user when Alertmanager cannot be read
   */
  public List<AlertGroup> firing(Map<String, String> matchers) throws InterruptedException {
    StringBuilder query = new StringBuilder("?active=true&silenced=false&inhibited=false");
    matchers.forEach((label, value) -> query.append("&filter=").append(URLEncoder.encode(label + "=\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"", StandardCharsets.UTF_8)));
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/alerts" + query))
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("Alertmanager at " + baseUrl + " is not reachable (" + e.getClass().getSimpleName()
          + "); check --alertmanager-url");
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Alertmanager at " + baseUrl + " answered HTTP " + response.statusCode() + ": "
          + response.body().lines().findFirst().orElse(""));
    }
    JsonNode alerts;
    try {
      alerts = Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      throw new IllegalStateException("Alertmanager at " + baseUrl + " did not answer JSON; is it Alertmanager's URL?");
    }
    List<AlertGroup> groups = new ArrayList<>();
    for (JsonNode alert : alerts) {
      ObjectNode webhook = Json.object().put("version", "4").put("status", "firing")
          .put("groupKey", alert.path("fingerprint").asString(String.valueOf(groups.size())));
      webhook.set("commonLabels", alert.path("labels"));
      webhook.set("commonAnnotations", alert.path("annotations"));
      ObjectNode one = webhook.putArray("alerts").addObject().put("status", "firing")
          .put("startsAt", alert.path("startsAt").asString(""));
      one.set("labels", alert.path("labels"));
      one.set("annotations", alert.path("annotations"));
      groups.add(AlertGroup.parse(webhook));
    }
    return groups;
  }
}
