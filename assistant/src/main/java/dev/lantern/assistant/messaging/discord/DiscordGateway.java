package dev.lantern.assistant.messaging.discord;

import dev.lantern.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One connection to Discord's gateway (v10, JSON, no compression) on the JDK's WebSocket, kept up
 * for as long as the bot runs: heartbeats at the interval HELLO gives (a missed ACK means a dead
 * connection, which is dropped and resumed), RESUME after a drop so that missed events are
 * replayed, a fresh IDENTIFY when the session cannot be resumed, and back-off from 1 s to 60 s
 * between attempts. Close codes that no retry can fix (a refused token, intents the bot may not
 * use) stop it with the reason on {@code /healthz}.
 */
final class DiscordGateway {
  /** GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES and MESSAGE_CONTENT (a privileged intent: enable it in the portal). */
  static final int INTENTS = 1 | 1 << 9 | 1 << 12 | 1 << 15;
  private static final Set<Integer> FATAL = Set.of(4004, 4010, 4011, 4012, 4013, 4014);
  private static final Set<Integer> NEW_SESSION = Set.of(4007, 4009);
  private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);
  private static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(60);
  private static final Duration HELLO_WAIT = Duration.ofSeconds(20);
  private static final Logger log = LoggerFactory.getLogger(DiscordGateway.class);

  /** What the front end hears. */
  interface Events {
    void ready(JsonNode ready);

    void dispatch(String type, JsonNode data);

    void state(boolean connected, String detail);
  }

  private final String token;
  private final Events events;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "discord-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean running = true;
  private volatile String sessionId;
  private volatile String resumeUrl;
  private volatile long sequence = -1;
  private volatile boolean acknowledged = true;
  private volatile Connection current;

  DiscordGateway(String token, Events events) {
    this.token = token;
    this.events = events;
  }

  /** Connects and reconnects until {@link #close()}; returns only then, or on a fatal close code. */
  void run(String gatewayUrl) throws InterruptedException {
    Duration backOff = FIRST_BACK_OFF;
    int failedResumes = 0;
    while (running) {
      boolean resuming = sessionId != null && resumeUrl != null;
      String url = (resuming ? resumeUrl : gatewayUrl).replaceAll("/+$", "") + "/?v=10&encoding=json";
      Connection connection = new Connection(resuming);
      current = connection;
      if (!running) {
        return; // close() ran before this connection was published
      }
      try {
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(url), connection)
            .join();
        connection.expectHello();
      } catch (RuntimeException e) {
        connection.closed.complete(new Closed(0, "cannot connect: " + rootCause(e)));
      }
      Closed closed = connection.closed.join();
      connection.stopHeartbeats();
      if (!running) {
        return;
      }
      if (FATAL.contains(closed.code())) {
        events.state(false, "stopped: Discord closed the gateway with " + closed.code() + " (" + fatalReason(closed)
            + ")");
        log.error("Discord stopped the bot: {} {}. Not reconnecting.", closed.code(), fatalReason(closed));
        return;
      }
      failedResumes = resuming && !connection.ready ? failedResumes + 1 : 0;
      if (NEW_SESSION.contains(closed.code()) || closed.sessionLost() || failedResumes >= 3) {
        sessionId = null; // the session is gone, or its resume URL keeps failing: identify afresh
        sequence = -1;
        failedResumes = 0;
      }
      // A resume costs Discord nothing; an IDENTIFY counts against 1,000 a day, so a connection
      // that dies right after READY keeps backing off rather than identifying every second.
      if (connection.ready && (sessionId != null || connection.uptime().compareTo(Duration.ofSeconds(60)) > 0)) {
        backOff = FIRST_BACK_OFF;
      }
      events.state(false, "disconnected (" + closed.describe() + "); reconnecting in " + backOff.toMillis() + " ms");
      log.warn("Discord gateway disconnected ({}); {} in {} ms", closed.describe(),
          sessionId == null ? "identifying again" : "resuming", backOff.toMillis());
      Thread.sleep(backOff.toMillis() + (closed.sessionLost() ? ThreadLocalRandom.current().nextLong(1000, 5000) : 0));
      backOff = backOff.multipliedBy(2).compareTo(LONGEST_BACK_OFF) > 0 ? LONGEST_BACK_OFF : backOff.multipliedBy(2);
    }
  }

  void close() {
    running = false;
    Connection connection = current;
    if (connection != null) {
      connection.abort();
    }
    heartbeats.shutdownNow();
  }

  private static String fatalReason(Closed closed) {
    return switch (closed.code()) {
      case 4004 -> "the bot token was refused: reset it in the Developer Portal and set DISCORD_BOT_TOKEN again";
      case 4013, 4014 -> "the bot may not use the intents it asked for: enable MESSAGE CONTENT INTENT under Bot in"
          + " the Developer Portal";
      default -> closed.reason().isBlank() ? "see Discord's close codes" : closed.reason();
    };
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  record Closed(int code, String reason, boolean sessionLost) {
    Closed(int code, String reason) {
      this(code, reason, false);
    }

    String describe() {
      return code == 0 ? reason : "code " + code + (reason.isBlank() ? "" : ", " + reason);
    }
  }

  /** One WebSocket: its frames, its heartbeat, and how it ended. */
  private final class Connection implements WebSocket.Listener {
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final boolean resuming;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile ScheduledFuture<?> heartbeat;
    private volatile boolean sessionLost;
    private volatile ScheduledFuture<?> helloTimeout;
    private volatile boolean helloSeen;
    private volatile long readyAt;
    volatile boolean ready;

    Connection(boolean resuming) {
      this.resuming = resuming;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        JsonNode frame = null;
        try {
          frame = Json.MAPPER.readTree(text);
        } catch (RuntimeException e) {
          log.warn("Ignoring a Discord gateway frame that is not JSON");
        }
        if (frame != null) {
          try {
            handle(frame);
          } catch (RuntimeException e) {
            log.warn("A Discord gateway event could not be handled: {}", e.toString());
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason == null ? "" : reason, sessionLost));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Closed(0, "connection lost: " + rootCause(error), sessionLost));
    }

    /** A socket that opens but never says HELLO (a stuck proxy, a half-open connection) is given up. */
    void expectHello() {
      if (helloSeen) {
        return;
      }
      try {
        helloTimeout = heartbeats.schedule(() -> {
          log.warn("Discord's gateway said no HELLO within {} s: reconnecting", HELLO_WAIT.toSeconds());
          abort();
        }, HELLO_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        abort();
        return;
      }
      if (helloSeen) {
        helloTimeout.cancel(false); // HELLO came while the watch was being set
      }
    }

    Duration uptime() {
      return readyAt == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - readyAt);
    }

    private void handle(JsonNode frame) {
      int op = frame.path("op").asInt(-1);
      switch (op) {
        case 10 -> hello(frame.path("d").path("heartbeat_interval").asLong(41_250));
        case 11 -> acknowledged = true;
        case 1 -> send(heartbeatFrame()); // asked for: not one of ours to wait an ACK for
        case 0 -> dispatch(frame);
        case 7 -> drop(4000, "Discord asked for a reconnect");
        case 9 -> {
          sessionLost = !frame.path("d").asBoolean(false);
          drop(4000, "invalid session");
        }
        default -> log.debug("Discord gateway op {} ignored", op);
      }
    }

    private void hello(long intervalMillis) {
      helloSeen = true;
      ScheduledFuture<?> timeout = helloTimeout;
      if (timeout != null) {
        timeout.cancel(false);
      }
      acknowledged = true;
      long first = (long) (intervalMillis * ThreadLocalRandom.current().nextDouble());
      heartbeat = heartbeats.scheduleAtFixedRate(() -> {
        if (!acknowledged) {
          log.warn("Discord did not acknowledge the last heartbeat: the connection is dead, resuming");
          abort();
          return;
        }
        beat();
      }, first, intervalMillis, TimeUnit.MILLISECONDS);
      if (resuming) {
        send(Json.object().put("op", 6).set("d", Json.object().put("token", token).put("session_id", sessionId)
            .put("seq", sequence)));
      } else {
        ObjectNode identify = Json.object().put("token", token).put("intents", INTENTS);
        identify.putObject("properties").put("os", "linux").put("browser", "lantern").put("device", "lantern");
        send(Json.object().put("op", 2).set("d", identify));
      }
    }

    private void beat() {
      acknowledged = false;
      send(heartbeatFrame());
    }

    private ObjectNode heartbeatFrame() {
      ObjectNode beat = Json.object().put("op", 1);
      if (sequence < 0) {
        beat.putNull("d");
      } else {
        beat.put("d", sequence);
      }
      return beat;
    }

    private void dispatch(JsonNode frame) {
      if (frame.path("s").canConvertToLong()) {
        sequence = frame.path("s").asLong();
      }
      String type = frame.path("t").asString("");
      JsonNode data = frame.path("d");
      if (type.equals("READY")) {
        sessionId = data.path("session_id").asString(null);
        resumeUrl = data.path("resume_gateway_url").asString(null);
        ready = true;
        readyAt = System.nanoTime();
        events.state(true, "connected");
        events.ready(data);
      } else if (type.equals("RESUMED")) {
        ready = true;
        readyAt = System.nanoTime();
        events.state(true, "connected (resumed)");
      } else {
        events.dispatch(type, data);
      }
    }

    /** Sends one frame; the JDK's WebSocket takes one send at a time. */
    private synchronized void send(JsonNode frame) {
      WebSocket webSocket = socket;
      if (webSocket == null || webSocket.isOutputClosed()) {
        return;
      }
      try {
        webSocket.sendText(Json.MAPPER.writeValueAsString(frame), true).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        abort();
      }
    }

    private void drop(int code, String reason) {
      WebSocket webSocket = socket;
      if (webSocket != null) {
        webSocket.sendClose(code, reason);
        webSocket.abort();
      }
      closed.complete(new Closed(code, reason, sessionLost));
    }

    void abort() {
      WebSocket webSocket = socket;
      if (webSocket != null) {
        webSocket.abort();
      }
      closed.complete(new Closed(0, "connection dropped", sessionLost));
    }

    void stopHeartbeats() {
      for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {heartbeat, helloTimeout}) {
        if (task != null) {
          task.cancel(false);
        }
      }
    }
  }
}
