package dev.lantern.assistant.messaging.telegram;

import dev.lantern.assistant.messaging.FrontEndHealth;
import dev.lantern.assistant.messaging.Inbound;
import dev.lantern.assistant.messaging.MessageRouter;
import dev.lantern.assistant.messaging.MessagingMetrics;
import dev.lantern.assistant.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Telegram bot, by long polling. The offset of the last update handled is stored in
 * {@code state.db} with it, so after a restart nothing is answered twice and nothing is lost.
 *
 * <p>It never stays deaf: a 409 (another instance polls the same bot, or a webhook is set), a 429,
 * a refused token or a network error is logged, shown as degraded on {@code /healthz}, and retried
 * with back-off (1 s doubling to 60 s; a 429 waits as long as Telegram asks).
 */
public final class TelegramFrontEnd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TelegramFrontEnd.class);
  public static final String PLATFORM = "telegram";
  private static final int POLL_SECONDS = 25;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  /** What /healthz shows. */
  private final BotApi api;
  private final MessageRouter router;
  private final SessionStore store;
  private final MessagingMetrics metrics;
  private final String offsetKey;
  private volatile FrontEndHealth health = new FrontEndHealth(false, "starting", Instant.now());
  private volatile boolean running = true;
  private volatile String username = "";
  private volatile long botId;
  private Thread poller;

  public TelegramFrontEnd(String apiUrl, String token, MessageRouter router, SessionStore store,
      MessagingMetrics metrics) {
    this.api = new BotApi(apiUrl, token);
    this.router = router;
    this.store = store;
    this.metrics = metrics;
    // The bot id is the token's first part: one offset per bot, never the secret half.
    this.offsetKey = "telegram.offset." + token.split(":", 2)[0];
  }

  public static TelegramOutbox outbox(String apiUrl, String token) {
    return new TelegramOutbox(new BotApi(apiUrl, token));
  }

  public TelegramFrontEnd start() {
    poller = Thread.ofPlatform().name("telegram-poller").daemon(true).start(this::run);
    return this;
  }

  public FrontEndHealth health() {
    return health;
  }

  private void run() {
    Duration backoff = Duration.ofSeconds(1);
    while (running) {
      JsonNode updates;
      try {
        if (botId == 0) {
          introduce();
        }
        long offset = store.setting(offsetKey).map(Long::parseLong).orElse(-1L) + 1;
        updates = api.getUpdates(offset, POLL_SECONDS);
        healthy();
        backoff = Duration.ofSeconds(1);
      } catch (BotApiException e) {
        backoff = failed(e, backoff);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Never the exception itself in the log: its message may quote a URL, which holds the token.
        log.error("Telegram polling failed ({}); retrying", e.getClass().getSimpleName());
        health = new FrontEndHealth(false, "polling failed: " + e.getClass().getSimpleName(), Instant.now());
        metrics.error(PLATFORM, "polling");
        backoff = pause(backoff);
        continue;
      }
      for (JsonNode update : updates) {
        handleSafely(update);
      }
    }
  }

  /** One bad update is logged and skipped (its offset stored), never retried forever. */
  private void handleSafely(JsonNode update) {
    try {
      handle(update);
    } catch (RuntimeException e) {
      log.error("Skipping a Telegram update that could not be handled ({}: {})", e.getClass().getSimpleName(),
          e.getMessage());
      metrics.error(PLATFORM, "update");
      long id = update.path("update_id").asLong(0);
      if (id > 0) {
        store.putSetting(offsetKey, Long.toString(id));
      }
    }
  }

  /** getMe (who am I, for mentions) and the command menu; failures are retried like polling. */
  private void introduce() throws BotApiException, InterruptedException {
    JsonNode me = api.getMe();
    botId = me.path("id").asLong(0);
    username = me.path("username").asString("");
    api.setMyCommands(MessageRouter.commandMenu());
    log.info("Telegram bot @{} is polling for messages", username);
  }

  private void handle(JsonNode update) {
    long updateId = update.path("update_id").asLong(0);
    JsonNode message = update.path("message");
    if (!message.isObject() || !message.path("from").path("id").canConvertToLong()
        || !message.path("chat").path("id").canConvertToLong()) {
      store.putSetting(offsetKey, Long.toString(updateId));
      return;
    }
    router.accept(inbound(message), offsetKey, Long.toString(updateId));
  }

  private Inbound inbound(JsonNode message) {
    long chatId = message.path("chat").path("id").asLong(0);
    long userId = message.path("from").path("id").asLong(0);
    String type = message.path("chat").path("type").asString("private");
    boolean group = !type.equals("private");
    String text = message.path("text").asString(message.path("caption").asString(""));
    Inbound.Kind kind = message.has("text") ? Inbound.Kind.TEXT
        : message.has("voice") || message.has("audio") ? Inbound.Kind.VOICE
        : message.has("photo") ? Inbound.Kind.PHOTO
        : message.has("document") ? Inbound.Kind.DOCUMENT : Inbound.Kind.OTHER;
    boolean mentioned = !group || mentions(message, text);
    if (group && mentioned && !username.isEmpty()) {
      text = text.replaceAll("(?i)@" + java.util.regex.Pattern.quote(username), "").strip();
    }
    JsonNode from = message.path("from");
    String name = from.path("username").isString() ? "@" + from.path("username").asString()
        : from.path("first_name").asString(null);
    return new Inbound(PLATFORM, chatId, userId, text, kind, group, mentioned,
        name == null ? null : name.length() > 64 ? name.substring(0, 64) : name);
  }

  /** Mentioned by @username, by a command addressed to it, or by a reply to one of its messages. */
  private boolean mentions(JsonNode message, String text) {
    // Telegram usernames are case-insensitive.
    if (!username.isEmpty() && text.toLowerCase(java.util.Locale.ROOT).contains("@" + username.toLowerCase(java.util.Locale.ROOT))) {
      return true;
    }
    return message.path("reply_to_message").path("from").path("id").asLong(0) == botId && botId != 0;
  }

  private void healthy() {
    if (!health.ok()) {
      if (!health.detail().equals("starting")) {
        log.info("Telegram polling recovered");
      }
      health = new FrontEndHealth(true, "polling", Instant.now());
    }
  }

  private Duration failed(BotApiException e, Duration backoff) {
    metrics.error(PLATFORM, "polling");
    String reason = switch (e.status()) {
      case 409 -> "409 conflict: another process polls this bot, or a webhook is set (" + e.getMessage() + ")";
      case 401, 404 -> "Telegram refused the bot token (HTTP " + e.status() + "): check TELEGRAM_BOT_TOKEN";
      case 429 -> "rate limited by Telegram";
      default -> e.getMessage();
    };
    boolean changed = health.ok() || !health.detail().equals(reason);
    health = new FrontEndHealth(false, reason, changed ? Instant.now() : health.since());
    Duration wait = e.status() == 429 && e.retryAfterSeconds() > 0 ? Duration.ofSeconds(e.retryAfterSeconds()) : backoff;
    if (changed) {
      log.warn("Telegram polling degraded: {}. Retrying in {} s, and until it works", reason, wait.toSeconds());
    }
    sleep(wait);
    return doubled(backoff);
  }

  private Duration pause(Duration backoff) {
    sleep(backoff);
    return doubled(backoff);
  }

  private void sleep(Duration wait) {
    try {
      Thread.sleep(jitter(wait));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static Duration doubled(Duration backoff) {
    return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
  }

  private static long jitter(Duration wait) {
    return wait.toMillis() + ThreadLocalRandom.current().nextLong(wait.toMillis() / 10 + 1);
  }

  /** Stops polling; a getUpdates in flight is abandoned (its updates are fetched again at the next start). */
  @Override
  public void close() {
    running = false;
    if (poller != null) {
      poller.interrupt();
      try {
        poller.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

}
