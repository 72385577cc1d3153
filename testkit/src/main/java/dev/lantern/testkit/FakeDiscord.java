package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Discord: its REST API (the calls the assistant makes) and its gateway (HELLO,
 * IDENTIFY, heartbeats and their ACKs, READY, RESUME with the missed events replayed, message and
 * interaction events), with the faults a real connection has: dropped sockets, requested
 * reconnects, invalid sessions, missing ACKs and 429s. Events are numbered per session, as
 * Discord's are, so a resume can be checked for gaps and repeats.
 */
public final class FakeDiscord implements AutoCloseable {
  public static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.abcdefghijklmnopqrstuvwxyz0123456789AB";
  public static final long BOT_ID = 900_000_000_000_000_001L;
  public static final String APPLICATION_ID = "900000000000000002";
  public static final long GUILD = 700_000_000_000_000_001L;

  /** One message the bot created. */
  public record Sent(long channelId, String content) {}

  private final FakeServer server;
  private final long heartbeatMillis;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<Long> typing = new CopyOnWriteArrayList<>();
  private final List<JsonNode> commands = new CopyOnWriteArrayList<>();
  private final List<String> interactionAnswers = new CopyOnWriteArrayList<>();
  private final List<String> opened = new CopyOnWriteArrayList<>(); // "identify" or "resume:<seq>"
  private final Deque<Integer> sendFailures = new ArrayDeque<>();
  private final AtomicLong nextSnowflake = new AtomicLong(800_000_000_000_000_000L);
  private final AtomicInteger heartbeats = new AtomicInteger();
  /** Every dispatched event of the current session, by sequence, for resumes. */
  private final List<ObjectNode> history = new ArrayList<>();
  private volatile String sessionId;
  private volatile Gateway connected;
  private volatile boolean ackHeartbeats = true;
  private volatile boolean refusing;

  private FakeDiscord(long heartbeatMillis) throws Exception {
    this.heartbeatMillis = heartbeatMillis;
    this.server = FakeServer.start("fake-discord", 0, this::rest, (jetty, rest) -> {
      WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(jetty, container -> {
        container.setIdleTimeout(Duration.ofMinutes(5));
        container.addMapping("/gateway/*", (request, response, callback) -> {
          if (refusing) {
            response.setStatus(503);
            callback.succeeded();
            return null;
          }
          return new Gateway();
        });
      });
      upgrade.setHandler(rest);
      return upgrade;
    });
  }

  /** With a short heartbeat interval, so that tests see missed ACKs in a second or two. */
  public static FakeDiscord start(Duration heartbeat) {
    try {
      return new FakeDiscord(heartbeat.toMillis());
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the fake Discord", e);
    }
  }

  /** What DISCORD_API_URL is set to. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.port() + "/api/v10";
  }

  // --- what users do -------------------------------------------------------------------------

  /** A DM from {@code userId} (the DM channel's id is the user's id plus one). */
  public String userSays(long userId, String text) {
    return message(dmChannel(userId), userId, text, false, false);
  }

  public static long dmChannel(long userId) {
    return userId + 1;
  }

  /** A message in a guild channel; {@code mention} puts the bot's mention in front, as a client does. */
  public String guildMessage(long channelId, long userId, String text, boolean mention) {
    return message(channelId, userId, mention ? "<@" + BOT_ID + "> " + text : text, true, mention);
  }

  /** A slash command from a user in their DM. */
  public String slashCommand(long userId, String name) {
    String id = Long.toString(nextSnowflake.incrementAndGet());
    ObjectNode data = Json.object().put("id", id).put("type", 2).put("token", "interaction-" + id)
        .put("application_id", APPLICATION_ID).put("channel_id", Long.toString(dmChannel(userId)));
    data.putObject("user").put("id", Long.toString(userId)).put("username", "user" + userId);
    data.putObject("data").put("name", name).put("type", 1);
    dispatch("INTERACTION_CREATE", data);
    return id;
  }

  /** Any event, as Discord would send it (for malformed or unusual ones). */
  public void rawEvent(String type, String json) {
    dispatch(type, (ObjectNode) Json.MAPPER.readTree(json));
  }

  // --- faults ---------------------------------------------------------------------------------

  /** Closes the connection without a close frame, as a network drop does. */
  public void dropConnection() {
    Gateway gateway = connected;
    if (gateway != null) {
      gateway.session.disconnect();
    }
  }

  /** While true, the gateway refuses new connections (503), as during an outage; the current one is dropped. */
  public void refuseConnections(boolean refuse) {
    refusing = refuse;
    if (refuse) {
      dropConnection();
    }
  }

  /** Op 7: Discord asks the client to reconnect and resume. */
  public void requestReconnect() {
    send(Json.object().put("op", 7).putNull("d"));
  }

  /** Op 9 with {@code d: false}: the session is gone; the client must identify again. */
  public void invalidateSession() {
    synchronized (history) {
      sessionId = null;
      history.clear();
    }
    send(Json.object().put("op", 9).put("d", false));
  }

  /** Stops acknowledging heartbeats (a zombie connection) until {@link #acknowledgeHeartbeats()}. */
  public void stopAcknowledgingHeartbeats() {
    ackHeartbeats = false;
  }

  public void acknowledgeHeartbeats() {
    ackHeartbeats = true;
  }

  /** Closes with a code, such as 4004 (authentication failed). */
  public void closeWith(int code, String reason) {
    Gateway gateway = connected;
    if (gateway != null) {
      gateway.session.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
    }
  }

  /** The next message creations answer these statuses (429 comes with retry_after 0.2). */
  public void failSends(Integer... statuses) {
    synchronized (sendFailures) {
      sendFailures.addAll(List.of(statuses));
    }
  }

  // --- what the bot did -----------------------------------------------------------------------

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public List<String> sentTo(long channelId) {
    return sent.stream().filter(s -> s.channelId() == channelId).map(Sent::content).toList();
  }

  public List<Long> typing() {
    return List.copyOf(typing);
  }

  public List<JsonNode> registeredCommands() {
    return List.copyOf(commands);
  }

  public List<String> interactionAnswers() {
    return List.copyOf(interactionAnswers);
  }

  /** "identify" or "resume:SEQ", one per gateway connection that got that far. */
  public List<String> sessionsOpened() {
    return List.copyOf(opened);
  }

  public int heartbeatsReceived() {
    return heartbeats.get();
  }

  public boolean isConnected() {
    Gateway gateway = connected;
    return gateway != null && gateway.identified && gateway.session.isOpen();
  }

  @Override
  public void close() {
    server.stop();
  }

  // --- the gateway ----------------------------------------------------------------------------

  private String message(long channelId, long userId, String text, boolean guild, boolean mention) {
    String id = Long.toString(nextSnowflake.incrementAndGet());
    ObjectNode data = Json.object().put("id", id).put("type", 0).put("channel_id", Long.toString(channelId))
        .put("content", text);
    if (guild) {
      data.put("guild_id", Long.toString(GUILD));
    }
    data.putObject("author").put("id", Long.toString(userId)).put("username", "user" + userId);
    if (mention) {
      data.putArray("mentions").addObject().put("id", Long.toString(BOT_ID));
    } else {
      data.putArray("mentions");
    }
    dispatch("MESSAGE_CREATE", data);
    return id;
  }

  /** Numbers the event in the session and sends it if a client is connected; a resume replays it. */
  private void dispatch(String type, ObjectNode data) {
    ObjectNode event;
    synchronized (history) {
      event = Json.object().put("op", 0).put("t", type).put("s", history.size() + 1);
      event.set("d", data);
      history.add(event);
    }
    Gateway gateway = connected;
    if (gateway != null && gateway.identified) {
      gateway.send(event);
    }
  }

  private void send(JsonNode frame) {
    Gateway gateway = connected;
    if (gateway != null) {
      gateway.send(frame);
    }
  }

  /** Public only because Jetty calls its listener methods reflectively. */
  public final class Gateway extends Session.Listener.AbstractAutoDemanding {
    private volatile Session session;
    private volatile boolean identified;

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
      connected = this;
      send(Json.object().put("op", 10).set("d", Json.object().put("heartbeat_interval", heartbeatMillis)));
    }

    @Override
    public void onWebSocketText(String text) {
      JsonNode frame = Json.MAPPER.readTree(text);
      switch (frame.path("op").asInt(-1)) {
        case 1 -> {
          heartbeats.incrementAndGet();
          if (ackHeartbeats) {
            send(Json.object().put("op", 11));
          }
        }
        case 2 -> identify(frame.path("d"));
        case 6 -> resume(frame.path("d"));
        default -> { }
      }
    }

    private void identify(JsonNode d) {
      if (!TOKEN.equals(d.path("token").asString())) {
        session.close(4004, "Authentication failed.", org.eclipse.jetty.websocket.api.Callback.NOOP);
        return;
      }
      synchronized (history) {
        sessionId = UUID.randomUUID().toString();
        history.clear();
      }
      opened.add("identify");
      ObjectNode ready = Json.object().put("v", 10).put("session_id", sessionId)
          .put("resume_gateway_url", "ws://127.0.0.1:" + server.port() + "/gateway");
      ready.putObject("user").put("id", Long.toString(BOT_ID)).put("username", "lantern").put("bot", true);
      ready.putObject("application").put("id", APPLICATION_ID);
      ready.putArray("guilds");
      identified = true;
      dispatch("READY", ready);
    }

    private void resume(JsonNode d) {
      long seq = d.path("seq").asLong(-1);
      List<ObjectNode> missed;
      synchronized (history) {
        if (sessionId == null || !sessionId.equals(d.path("session_id").asString()) || seq > history.size()) {
          missed = null;
        } else {
          missed = new ArrayList<>(history.subList((int) Math.max(0, seq), history.size()));
        }
      }
      if (missed == null) {
        send(Json.object().put("op", 9).put("d", false));
        return;
      }
      opened.add("resume:" + seq);
      identified = true;
      missed.forEach(this::send);
      dispatch("RESUMED", Json.object());
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      // a dropped connection, on purpose or by the client: the close below says the rest
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      if (connected == this) {
        connected = null;
      }
    }

    void send(JsonNode frame) {
      Session current = session;
      if (current != null && current.isOpen()) {
        current.sendText(Json.MAPPER.writeValueAsString(frame), org.eclipse.jetty.websocket.api.Callback.NOOP);
      }
    }
  }

  // --- REST -----------------------------------------------------------------------------------

  private void rest(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (!("Bot " + TOKEN).equals(request.getHeaders().get("Authorization"))) {
      json(response, callback, 401, Json.object().put("message", "401: Unauthorized").put("code", 0));
      return;
    }
    String text = Content.Source.asString(request, StandardCharsets.UTF_8);
    JsonNode body = text == null || text.isBlank() ? Json.object() : Json.MAPPER.readTree(text);
    String[] parts = path.replaceFirst("^/api/v10", "").split("/");
    String route = parts.length > 1 ? parts[1] : "";
    if (method.equals("GET") && path.endsWith("/gateway/bot")) {
      json(response, callback, 200, Json.object().put("url", "ws://127.0.0.1:" + server.port() + "/gateway")
          .put("shards", 1));
    } else if (method.equals("POST") && route.equals("channels") && parts.length == 4 && parts[3].equals("messages")) {
      createMessage(Long.parseLong(parts[2]), body, response, callback);
    } else if (method.equals("POST") && route.equals("channels") && parts.length == 4 && parts[3].equals("typing")) {
      typing.add(Long.parseLong(parts[2]));
      empty(response, callback);
    } else if (method.equals("PUT") && route.equals("applications")) {
      commands.add(body);
      json(response, callback, 200, body);
    } else if (method.equals("POST") && route.equals("interactions")) {
      empty(response, callback);
    } else if (method.equals("PATCH") && route.equals("webhooks")) {
      interactionAnswers.add(body.path("content").asString());
      json(response, callback, 200, Json.object().put("id", "1"));
    } else {
      json(response, callback, 404, Json.object().put("message", "404: Not Found").put("code", 0));
    }
  }

  private void createMessage(long channel, JsonNode body, Response response, Callback callback) throws Exception {
    Integer failure;
    synchronized (sendFailures) {
      failure = sendFailures.poll();
    }
    if (failure != null) {
      ObjectNode error = Json.object().put("message", failure == 429 ? "You are being rate limited." : "failure")
          .put("code", 0);
      if (failure == 429) {
        error.put("retry_after", 0.2).put("global", false);
      }
      json(response, callback, failure, error);
      return;
    }
    String content = body.path("content").asString("");
    if (content.length() > 2000) {
      json(response, callback, 400, Json.object().put("message", "Invalid Form Body").put("code", 50035));
      return;
    }
    sent.add(new Sent(channel, content));
    json(response, callback, 200, Json.object().put("id", Long.toString(nextSnowflake.incrementAndGet()))
        .put("channel_id", Long.toString(channel)).put("content", content));
  }

  private static void empty(Response response, Callback callback) {
    response.setStatus(204);
    callback.succeeded();
  }

  private static void json(Response response, Callback callback, int status, JsonNode body) {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/json");
    response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
  }
}
