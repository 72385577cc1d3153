package dev.lantern.assistant;

import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The models the endpoint offers ({@code GET /models}): for doctor and the chat's /model command. */
public final class ModelCatalog {
  /** What the endpoint answered: an HTTP status and the model ids, or an I/O failure. */
  public record Answer(int status, List<String> ids, IOException failure) {
    public boolean ok() {
      return failure == null && status == 200;
    }
  }

  private ModelCatalog() {}

  public static Answer fetch(AssistantConfig config) throws InterruptedException {
    String base = config.baseUrl().endsWith("/") ? config.baseUrl() : config.baseUrl() + "/";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "models")).timeout(Duration.ofSeconds(10))
        .GET();
    if (config.apiKey() != null) {
      request.header("Authorization", "Bearer " + config.apiKey());
    }
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.statusCode() == 200 ? ids(response.body()) : List.of(), null);
    } catch (IOException e) {
      return new Answer(0, List.of(), e);
    }
  }

  /** The ids, or none when the endpoint cannot say. */
  public static List<String> ids(AssistantConfig config) throws InterruptedException {
    return fetch(config).ids();
  }

  private static List<String> ids(String body) {
    List<String> ids = new ArrayList<>();
    try {
      for (JsonNode model : Json.MAPPER.readTree(body).path("data")) {
        if (model.path("id").isString()) {
          ids.add(model.path("id").asString());
        }
      }
    } catch (JacksonException notJson) {
      // an endpoint without a usable list: the call itself worked
    }
    return ids;
  }
}
