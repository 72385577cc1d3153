package dev.lantern.assistant.messaging.telegram;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few Telegram Bot API methods the assistant uses, as JSON POSTs on the JDK's HTTP client to
 * {@code <api_url>/bot<token>/<method>}. Why not TelegramBots: docs/architecture.md.
 */
public final class BotApi {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final HttpClient http;

  public BotApi(String apiUrl, String token) {
    this.base = apiUrl.replaceAll("/+$", "") + "/bot" + token + "/";
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public JsonNode getMe() throws BotApiException, InterruptedException {
    return call("getMe", Json.object(), CALL_TIMEOUT);
  }

  /** Long-polls for updates from {@code offset}, waiting up to {@code timeoutSeconds} for one. */
  public JsonNode getUpdates(long offset, int timeoutSeconds) throws BotApiException, InterruptedException {
    ObjectNode params = Json.object().put("offset", offset).put("timeout", timeoutSeconds).put("limit", 50);
    params.putArray("allowed_updates").add("message");
    return call("getUpdates", params, Duration.ofSeconds(timeoutSeconds + 15L));
  }

  public JsonNode sendMessage(long chatId, String text, String parseMode) throws BotApiException, InterruptedException {
    ObjectNode params = Json.object().put("chat_id", chatId).put("text", text);
    if (parseMode != null) {
      params.put("parse_mode", parseMode);
    }
    return call("sendMessage", params, CALL_TIMEOUT);
  }

  public void sendChatAction(long chatId, String action) throws BotApiException, InterruptedException {
    call("sendChatAction", Json.object().put("chat_id", chatId).put("action", action), CALL_TIMEOUT);
  }

  /** The command menu Telegram shows: name and description pairs. */
  public void setMyCommands(List<String[]> commands) throws BotApiException, InterruptedException {
    ObjectNode params = Json.object();
    ArrayNode list = params.putArray("commands");
    for (String[] command : commands) {
      list.addObject().put("command", command[0]).put("description", command[1]);
    }
    call("setMyCommands", params, CALL_TIMEOUT);
  }

  private JsonNode call(String method, ObjectNode params, Duration timeout) throws BotApiException, InterruptedException {
    URI uri;
    try {
      uri = URI.create(base + method);
    } catch (IllegalArgumentException e) {
      // Its message quotes the URL, and the URL holds the token.
      throw new BotApiException(0, "the Bot API URL is not valid: check TELEGRAM_API_URL", 0);
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(params))).build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new BotApiException(0, method + " timed out", 0);
    } catch (IOException e) {
      // Never the exception's text: some include the URL, and the URL holds the token.
      throw new BotApiException(0, method + " failed: " + e.getClass().getSimpleName(), 0);
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      throw new BotApiException(response.statusCode(), method + " answered HTTP " + response.statusCode()
          + " with a body that is not JSON", 0);
    }
    if (response.statusCode() == 200 && body.path("ok").asBoolean(false)) {
      return body.path("result");
    }
    int status = response.statusCode() == 200 ? body.path("error_code").asInt(500) : response.statusCode();
    throw new BotApiException(status, body.path("description").asString(method + " failed with HTTP " + status),
        body.path("parameters").path("retry_after").asInt(0));
  }
}
