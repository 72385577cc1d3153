package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Telegram Bot API server: {@code POST /bot<token>/<method>} with JSON bodies, as the real
 * one. It long-polls {@code getUpdates}, records {@code sendMessage}, {@code sendChatAction} and
 * {@code setMyCommands}, and can inject a 409 conflict, a 429 with {@code retry_after}, a dropped
 * connection, and Telegram's "can't parse entities" answer to Markdown it cannot parse.
 */
public final class FakeTelegram implements AutoCloseable {
  public static final String TOKEN = "123456:TEST-token-DO-NOT-LEAK";
  public static final long BOT_ID = 123456;
  public static final String BOT_USERNAME = "lantern_test_bot";

  /** A message the bot sent. */
  public record Sent(long chatId, String text, String parseMode) {}

  private final FakeServer server;
  private final List<ObjectNode> updates = new ArrayList<>();
  private final Deque<Integer> getUpdatesFailures = new ArrayDeque<>();
  private final Deque<Integer> sendFailures = new ArrayDeque<>();
  private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> typing = Collections.synchronizedList(new ArrayList<>());
  private final List<JsonNode> commands = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> offsetsAsked = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong nextUpdateId = new AtomicLong(1000);
  private final AtomicLong nextMessageId = new AtomicLong(1);

  private FakeTelegram(int port) throws Exception {
    server = FakeServer.start("fake-telegram", port, this::handle);
  }

  public static FakeTelegram start() {
    return startOn(0);
  }

  /** On a given port: a restarted "Telegram" at the same URL. */
  public static FakeTelegram startOn(int port) {
    try {
      return new FakeTelegram(port);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the fake Telegram Bot API", e);
    }
  }

  /** What TELEGRAM_API_URL is set to. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
  }

  /** A text message from a user in their private chat with the bot (chat id = user id). */
  public long userSays(long userId, String text) {
    return add(message(userId, userId, "private").put("text", text));
  }

  /** A group message; {@code mention} puts "@bot" in it as Telegram marks mentions. */
  public long groupMessage(long chatId, long userId, String text, boolean mention) {
    String body = mention ? "@" + BOT_USERNAME + " " + text : text;
    ObjectNode message = message(chatId, userId, "group").put("text", body);
    if (mention) {
      message.putArray("entities").addObject().put("type", "mention").put("offset", 0)
          .put("length", BOT_USERNAME.length() + 1);
    }
    return add(message);
  }

  /** A voice message, a photo or a document, by the Bot API field name ("voice", "photo", "document"). */
  public long userSends(long userId, String field) {
    ObjectNode message = message(userId, userId, "private");
    if (field.equals("photo")) {
      message.putArray("photo").addObject().put("file_id", "p1").put("width", 10).put("height", 10);
    } else {
      message.putObject(field).put("file_id", "f1");
    }
    return add(message);
  }

  /** An update whose message is exactly this JSON (for malformed updates). */
  public long rawMessage(String messageJson) {
    return add((ObjectNode) Json.MAPPER.readTree(messageJson));
  }

  /** The next getUpdates calls answer these statuses (409, 429, 502; 0 drops the connection). */
  public void failGetUpdates(Integer... statuses) {
    synchronized (getUpdatesFailures) {
      Collections.addAll(getUpdatesFailures, statuses);
    }
  }

  /** The next sendMessage calls answer these statuses (429 carries retry_after 1). */
  public void failSends(Integer... statuses) {
    synchronized (sendFailures) {
      Collections.addAll(sendFailures, statuses);
    }
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The texts sent to a chat, in order. */
  public List<String> sentTo(long chatId) {
    return sent().stream().filter(s -> s.chatId() == chatId).map(Sent::text).toList();
  }

  public List<Long> typing() {
    return List.copyOf(typing);
  }

  public List<JsonNode> commandMenus() {
    return List.copyOf(commands);
  }

  /** The offsets the bot asked getUpdates for, in order. */
  public List<Long> offsetsAsked() {
    return List.copyOf(offsetsAsked);
  }

  @Override
  public void close() {
    server.stop();
  }

  private ObjectNode message(long chatId, long userId, String type) {
    ObjectNode message = Json.object().put("message_id", nextMessageId.getAndIncrement()).put("date", 1764300000);
    message.putObject("from").put("id", userId).put("is_bot", false).put("first_name", "User" + userId);
    message.putObject("chat").put("id", chatId).put("type", type);
    return message;
  }

  private long add(ObjectNode message) {
    long id = nextUpdateId.getAndIncrement();
    ObjectNode update = Json.object().put("update_id", id);
    update.set("message", message);
    synchronized (updates) {
      updates.add(update);
      updates.notifyAll();
    }
    return id;
  }

  private void handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String prefix = "/bot" + TOKEN + "/";
    if (!path.startsWith(prefix)) {
      json(response, callback, 401, error(401, "Unauthorized"));
      return;
    }
    String method = path.substring(prefix.length()).toLowerCase(Locale.ROOT);
    String text = Content.Source.asString(request, StandardCharsets.UTF_8);
    JsonNode body = text.isBlank() ? Json.object() : Json.MAPPER.readTree(text);
    switch (method) {
      case "getme" -> {
        ObjectNode me = Json.object().put("id", BOT_ID).put("is_bot", true).put("first_name", "Lantern")
            .put("username", BOT_USERNAME);
        json(response, callback, 200, ok(me));
      }
      case "getupdates" -> getUpdates(request, response, callback, body);
      case "sendmessage" -> sendMessage(response, callback, body);
      case "sendchataction" -> {
        typing.add(body.path("chat_id").asLong());
        json(response, callback, 200, ok(Json.NODES.booleanNode(true)));
      }
      case "setmycommands" -> {
        commands.add(body.path("commands"));
        json(response, callback, 200, ok(Json.NODES.booleanNode(true)));
      }
      case "deletewebhook" -> json(response, callback, 200, ok(Json.NODES.booleanNode(true)));
      default -> json(response, callback, 404, error(404, "Not Found: method not found"));
    }
  }

  private void getUpdates(Request request, Response response, Callback callback, JsonNode body) throws Exception {
    Integer failure;
    synchronized (getUpdatesFailures) {
      failure = getUpdatesFailures.poll();
    }
    if (failure != null) {
      fail(request, response, callback, failure,
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
      return;
    }
    long offset = body.path("offset").asLong(0);
    offsetsAsked.add(offset);
    long timeout = Math.min(body.path("timeout").asLong(0), 30);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
    ArrayNode result = Json.NODES.arrayNode();
    synchronized (updates) {
      while (true) {
        updates.removeIf(update -> update.path("update_id").asLong() < offset); // confirmed by the offset
        updates.forEach(result::add);
        long left = deadline - System.nanoTime();
        if (!result.isEmpty() || left <= 0) {
          break;
        }
        updates.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    json(response, callback, 200, ok(result));
  }

  private void sendMessage(Response response, Callback callback, JsonNode body) throws IOException {
    Integer failure;
    synchronized (sendFailures) {
      failure = sendFailures.poll();
    }
    if (failure != null) {
      ObjectNode error = error(failure, failure == 429 ? "Too Many Requests: retry after 1" : "Internal Server Error");
      if (failure == 429) {
        error.putObject("parameters").put("retry_after", 1);
      }
      json(response, callback, failure, error);
      return;
    }
    String text = body.path("text").asString("");
    String parseMode = body.path("parse_mode").isString() ? body.path("parse_mode").asString() : null;
    if (text.isEmpty()) {
      json(response, callback, 400, error(400, "Bad Request: message text is empty"));
      return;
    }
    if (text.length() > 4096) {
      json(response, callback, 400, error(400, "Bad Request: message is too long"));
      return;
    }
    if ("Markdown".equals(parseMode) && !markdownParses(text)) {
      json(response, callback, 400, error(400, "Bad Request: can't parse entities: Can't find end of the entity"));
      return;
    }
    sent.add(new Sent(body.path("chat_id").asLong(), text, parseMode));
    ObjectNode message = Json.object().put("message_id", nextMessageId.getAndIncrement()).put("text", text);
    json(response, callback, 200, ok(message));
  }

  /** Telegram's legacy Markdown: *, _ and ` must pair up outside code (a rough but faithful rule). */
  private static boolean markdownParses(String text) {
    String withoutCode = text.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
    if (withoutCode.contains("`")) {
      return false;
    }
    for (char marker : new char[] {'*', '_'}) {
      if (withoutCode.chars().filter(c -> c == marker).count() % 2 != 0) {
        return false;
      }
    }
    return true;
  }

  private static void fail(Request request, Response response, Callback callback, int status, String conflict) {
    if (status == 0) {
      // Closed without a word; not failed(), whose log line would print the URL and so the token.
      request.getConnectionMetaData().getConnection().getEndPoint().close();
      callback.succeeded();
      return;
    }
    ObjectNode error = error(status, switch (status) {
      case 409 -> conflict;
      case 429 -> "Too Many Requests: retry after 1";
      default -> "Bad Gateway";
    });
    if (status == 429) {
      error.putObject("parameters").put("retry_after", 1);
    }
    json(response, callback, status, error);
  }

  private static ObjectNode ok(JsonNode result) {
    ObjectNode body = Json.object().put("ok", true);
    body.set("result", result);
    return body;
  }

  private static ObjectNode error(int code, String description) {
    return Json.object().put("ok", false).put("error_code", code).put("description", description);
  }

  private static void json(Response response, Callback callback, int status, JsonNode body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(body)), callback);
  }
}
