package dev.lantern.sre.alerts;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a text to one chat with the Bot API's sendMessage, split at Telegram's 4,096 characters.
 * Sending never conflicts with the assistant polling the same bot: only getUpdates is exclusive.
 * The token is part of the URL, so no URL is ever logged.
 */
public final class TelegramSender {
  private static final Logger log = LoggerFactory.getLogger(TelegramSender.class);
  static final int MAX_MESSAGE = 4096;

  private final String apiUrl;
  private final String token;
  private final long chat;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public TelegramSender(String apiUrl, String token, long chat) {
    this.apiUrl = apiUrl.replaceAll("/+$", "");
    this.token = token;
    this.chat = chat;
  }

  /** True when every part was accepted. A failure is logged (without the token) and reported, never thrown. */
  public boolean send(String text) {
    for (String part : split(text)) {
      String body = Json.MAPPER.writeValueAsString(Json.object().put("chat_id", chat).put("text", part)
          .put("disable_web_page_preview", true));
      HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/bot" + token + "/sendMessage"))
          .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          log.warn("Telegram refused the alert investigation for chat {}: HTTP {} {}", chat, response.statusCode(),
              Json.MAPPER.readTree(response.body()).path("description").asString(""));
          return false;
        }
      } catch (IOException | RuntimeException e) {
        log.warn("Telegram is not reachable; the investigation stays in sre.db ({})", e.getClass().getSimpleName());
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Parts of at most 4,096 characters, cut at a line break where there is one. */
  static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    String rest = text;
    while (rest.length() > MAX_MESSAGE) {
      int cut = rest.lastIndexOf('\n', MAX_MESSAGE);
      if (cut < MAX_MESSAGE / 2) {
        cut = MAX_MESSAGE;
      }
      parts.add(rest.substring(0, cut));
      rest = rest.substring(cut).stripLeading();
    }
    if (!rest.isEmpty()) {
      parts.add(rest);
    }
    return parts;
  }
}
