package dev.lantern.sre.prometheus;

import dev.lantern.agent.tool.ToolException;
import dev.lantern.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Prometheus's HTTP API (/api/v1): a GET that returns {@code data}, or a {@link ToolException}
 * that says what failed (unreachable, a bad query with Prometheus's own message, a timeout) so the
 * model can fix its query or say that metrics could not be checked.
 */
final class PrometheusClient {
  /** Bodies above this are refused: a query that matches everything should be narrowed, not read. */
  private static final int MAX_BODY = 8 * 1024 * 1024;

  private final String baseUrl;
  private final HttpClient http;
  private final Duration timeout;

  PrometheusClient(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  String baseUrl() {
    return baseUrl;
  }

  JsonNode get(String path, Map<String, String> parameters) throws ToolException {
    String query = parameters.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    URI uri = URI.create(baseUrl + "/api/v1/" + path + (query.isEmpty() ? "" : "?" + query));
    HttpResponse<byte[]> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpTimeoutException e) {
      throw new ToolException("Prometheus at " + baseUrl + " did not answer within " + timeout.toSeconds()
          + " s; narrow the query (fewer series, a shorter range, a larger step)");
    } catch (IOException e) {
      throw new ToolException("Prometheus at " + baseUrl + " is not reachable (" + e.getClass().getSimpleName()
          + "); metrics cannot be checked");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException("interrupted");
    }
    if (response.body().length > MAX_BODY) {
      throw new ToolException("Prometheus answered " + response.body().length / 1024 + " KiB; narrow the query");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      throw new ToolException("Prometheus at " + baseUrl + " answered HTTP " + response.statusCode()
          + " with a body that is not JSON; is PROMETHEUS_URL the Prometheus server?");
    }
    if (!"success".equals(body.path("status").asString(""))) {
      throw new ToolException("Prometheus refused the request (" + body.path("errorType").asString("HTTP "
          + response.statusCode()) + "): " + body.path("error").asString("no message"));
    }
    return body.path("data");
  }

  static Map<String, String> params(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        map.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return map;
  }
}
