package dev.lantern.assistant.messaging.discord;

import dev.lantern.assistant.home.AssistantConfig.DiscordSettings;
import dev.lantern.assistant.messaging.FrontEndHealth;
import dev.lantern.assistant.messaging.Inbound;
import dev.lantern.assistant.messaging.MessageRouter;
import dev.lantern.assistant.messaging.MessageSplitter;
import dev.lantern.assistant.messaging.MessagingMetrics;
import dev.lantern.assistant.messaging.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The assistant on Discord: DMs, and guild channels where it is mentioned or replied to, through
 * the same router as Telegram (access, pairing, lanes, the durable inbox, commands). Messages
 * arrive on the gateway; answers, typing and slash commands go over REST, so a gateway drop
 * during a turn does not touch its answer. A message is handled once even when a resume replays
 * it.
 */
public final class DiscordFrontEnd implements AutoCloseable {
  public static final String PLATFORM = "discord";
  private static final String OFFSET_KEY = "discord.last_message_id";
  private static final int REMEMBERED_MESSAGES = 1_000;
  private static final Logger log = LoggerFactory.getLogger(DiscordFrontEnd.class);


  private final DiscordRest rest;
  private final DiscordGateway gateway;
  private final MessageRouter router;
  private final MessagingMetrics metrics;
  private final Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_MESSAGES;
    }
  };
  private volatile FrontEndHealth health = new FrontEndHealth(false, "connecting", Instant.now());
  private volatile long botId = -1;
  private volatile String applicationId;
  private volatile boolean commandsRegistered;
  private Thread connection;

  public DiscordFrontEnd(DiscordSettings settings, MessageRouter router, MessagingMetrics metrics) {
    this.rest = new DiscordRest(settings.apiUrl(), settings.botToken());
    this.router = router;
    this.metrics = metrics;
    this.gateway = new DiscordGateway(settings.botToken(), new DiscordGateway.Events() {
      @Override
      public void ready(JsonNode ready) {
        onReady(ready);
      }

      @Override
      public void dispatch(String type, JsonNode data) {
        onDispatch(type, data);
      }

      @Override
      public void state(boolean connected, String detail) {
        health = new FrontEndHealth(connected, detail, Instant.now());
      }
    });
  }

  /** Answers go over REST, which does not need the gateway: the router may use it from the start. */
  public static Outbox outbox(DiscordSettings settings) {
    DiscordRest rest = new DiscordRest(settings.apiUrl(), settings.botToken());
    return new Outbox() {
      @Override
      public boolean send(long chatId, String text) {
        try {
          rest.createMessage(chatId, text);
          return true;
        } catch (DiscordException e) {
          log.warn("A Discord message was not delivered: {}", e.getMessage());
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public void typing(long chatId) {
        try {
          rest.typing(chatId);
        } catch (DiscordException e) {
          log.debug("Discord typing indicator failed: {}", e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public int limit() {
        return MessageSplitter.DISCORD_LIMIT;
      }
    };
  }

  public void start() {
    connection = Thread.ofVirtual().name("discord-gateway").start(() -> {
      Duration backOff = Duration.ofSeconds(1);
      try {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            gateway.run(rest.gatewayUrl());
            return;
          } catch (DiscordException e) {
            health = new FrontEndHealth(false, e.getMessage(), Instant.now());
            log.warn("Discord: {}; trying again in {} s", e.getMessage(), backOff.toSeconds());
            if (e.status() == 401) {
              return; // a refused token stays refused
            }
            Thread.sleep(backOff);
            backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60)
                : backOff.multipliedBy(2);
          }
        }
      } catch (InterruptedException stopped) {
        // close()
      }
    });
  }

  public FrontEndHealth health() {
    return health;
  }

  private void onReady(JsonNode ready) {
    botId = DiscordEvents.snowflake(ready.path("user").path("id")).orElse(-1L);
    applicationId = ready.path("application").path("id").asString(ready.path("user").path("id").asString(""));
    log.info("Discord bot {} is connected", ready.path("user").path("username").asString("?"));
    if (!commandsRegistered && !applicationId.isBlank()) {
      Thread.ofVirtual().name("discord-commands").start(() -> {
        try {
          rest.registerCommands(applicationId, MessageRouter.commandMenu());
          commandsRegistered = true;
        } catch (DiscordException e) {
          log.warn("Discord slash commands were not registered: {}", e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
  }

  private void onDispatch(String type, JsonNode data) {
    if (type.equals("MESSAGE_CREATE")) {
      Optional<Inbound> message = DiscordEvents.message(data, botId);
      String id = data.path("id").asString("");
      if (message.isPresent() && !handled(id)) {
        try {
          router.accept(message.get(), OFFSET_KEY, id);
          remember(id); // only once it is in the inbox: a failure here leaves it to a replay
        } catch (RuntimeException e) {
          metrics.error(PLATFORM, "inbox");
          log.warn("A Discord message could not be kept: {}", e.getMessage());
        }
      }
    } else if (type.equals("INTERACTION_CREATE")) {
      DiscordEvents.interaction(data).filter(command -> !handled(command.id())).ifPresent(command -> {
        remember(command.id());
        slashCommand(command);
      });
    }
  }

  /** True for a message already handled (a resume replays what the old connection may have delivered). */
  private synchronized boolean handled(String id) {
    return seen.containsKey(id);
  }

  private synchronized void remember(String id) {
    seen.put(id, Boolean.TRUE);
  }

  /** A slash command is answered in place: "thinking…" at once, then the command's answer. */
  private void slashCommand(DiscordEvents.SlashCommand command) {
    Thread.ofVirtual().name("discord-command").start(() -> {
      try {
        rest.deferInteraction(command.id(), command.token());
        String answer = router.allowed(command.asMessage()) ? router.command(command.asMessage(),
            command.asMessage().text()) : "This assistant is private.";
        metrics.received(PLATFORM, router.allowed(command.asMessage()) ? "command" : "refused");
        List<String> parts = MessageSplitter.split(answer, MessageSplitter.DISCORD_LIMIT - 40);
        rest.answerInteraction(applicationId, command.token(), parts.size() == 1 ? parts.getFirst()
            : parts.getFirst() + "\n… (cut: ask in a message for all of it)");
      } catch (DiscordException e) {
        log.warn("A Discord slash command was not answered: {}", e.getMessage());
        metrics.error(PLATFORM, "delivery");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Override
  public void close() {
    gateway.close();
    if (connection != null) {
      connection.interrupt();
    }
  }
}
