package dev.lantern.assistant.messaging.discord;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few Discord REST calls the assistant makes, JSON over the JDK's client. A 429 is waited out
 * for as long as Discord asks ({@code retry_after}, at most a minute) and tried again, three times
 * at most; other failures are a {@link DiscordException} for the caller to count and log.
 */
final class DiscordRest {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
  private static final int TRIES = 4;

  private final String apiUrl;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  DiscordRest(String apiUrl, String token) {
    this.apiUrl = apiUrl;
    this.token = token;
  }

  /** Where to open the gateway: {@code GET /gateway/bot}. */
  String gatewayUrl() throws DiscordException, InterruptedException {
    String url = call("GET", "/gateway/bot", null).path("url").asString("");
    if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
      throw new DiscordException(0, "Discord's /gateway/bot gave no WebSocket URL");
    }
    return url;
  }

  void createMessage(long channelId, String content) throws DiscordException, InterruptedException {
    ObjectNode body = Json.object().put("content", content);
    body.putObject("allowed_mentions").putArray("parse"); // an answer never pings @everyone or a role
    call("POST", "/channels/" + Long.toUnsignedString(channelId) + "/messages", body);
  }

  void typing(long channelId) throws DiscordException, InterruptedException {
    call("POST", "/channels/" + Long.toUnsignedString(channelId) + "/typing", Json.object());
  }

  /** Replaces the bot's global slash commands with these ({name, description} pairs). */
  void registerCommands(String applicationId, List<String[]> commands) throws DiscordException, InterruptedException {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (String[] command : commands) {
      ObjectNode item = list.addObject().put("name", command[0]).put("description", command[1]).put("type", 1);
      if (command[0].equals("model")) {
        item.putArray("options").addObject().put("type", 3).put("name", "name")
            .put("description", "the model to switch to").put("required", false);
      }
    }
    call("PUT", "/applications/" + applicationId + "/commands", list);
  }

  /**
   * "Thinking…" for a slash command, within Discord's 3 s; the answer follows by
   * {@link #answerInteraction}. Ephemeral: only the user who asked sees it, so /memory or /status
   * in a server channel shows nothing to the others there.
   */
  void deferInteraction(String id, String token) throws DiscordException, InterruptedException {
    ObjectNode callback = Json.object().put("type", 5);
    callback.putObject("data").put("flags", 64);
    call("POST", "/interactions/" + id + "/" + token + "/callback", callback);
  }

  void answerInteraction(String applicationId, String token, String content)
      throws DiscordException, InterruptedException {
    ObjectNode body = Json.object().put("content", content);
    body.putObject("allowed_mentions").putArray("parse");
    call("PATCH", "/webhooks/" + applicationId + "/" + token + "/messages/@original", body);
  }

  private JsonNode call(String method, String path, JsonNode body) throws DiscordException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(CALL_TIMEOUT)
          .header("Authorization", "Bot " + token).header("User-Agent", "DiscordBot (https://lantern.dev, 0.1)");
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new DiscordException(0, "Discord could not be reached: " + e.getClass().getSimpleName());
      }
      int status = response.statusCode();
      if (status == 429 && attempt < TRIES) {
        Thread.sleep(retryAfter(response));
        continue;
      }
      if (status / 100 != 2) {
        throw new DiscordException(status, describe(method, path, status, response.body()));
      }
      String text = response.body();
      try {
        return text == null || text.isBlank() ? Json.object() : Json.MAPPER.readTree(text);
      } catch (RuntimeException notJson) {
        throw new DiscordException(status, "Discord " + method + " /" + path.split("/")[1]
            + " answered with something that is not JSON (a proxy in the way?)");
      }
    }
  }

  /** How long Discord asks to wait: {@code retry_after} in seconds (fractions allowed), or Retry-After. */
  static Duration retryAfter(HttpResponse<String> response) {
    double seconds = 1;
    try {
      JsonNode body = Json.MAPPER.readTree(response.body());
      seconds = body.path("retry_after").asDouble(seconds);
    } catch (RuntimeException notJson) {
      seconds = response.headers().firstValue("Retry-After").map(DiscordRest::number).orElse(seconds);
    }
    long millis = (long) Math.ceil(Math.max(0, seconds) * 1000);
    return Duration.ofMillis(Math.min(millis, LONGEST_WAIT.toMillis()));
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Paths hold interaction tokens; only the route's first word goes into the message. */
  private static String describe(String method, String path, int status, String body) {
    String route = path.split("/")[1];
    String reason = status == 401 ? "the bot token was refused: reset it in the Developer Portal and set"
        + " DISCORD_BOT_TOKEN again" : status == 403 ? "the bot may not do this here (missing permission)"
        : "HTTP " + status;
    String detail = "";
    try {
      detail = Json.MAPPER.readTree(body).path("message").asString("");
    } catch (RuntimeException ignored) {
      // not JSON: the status says enough
    }
    return "Discord " + method + " /" + route + " failed: " + reason + (detail.isBlank() ? "" : " (" + detail + ")");
  }
}
