package dev.lantern.assistant.messaging.telegram;

import dev.lantern.assistant.messaging.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends answers with Telegram's Markdown, and as plain text when Telegram cannot parse it (models
 * write Markdown Telegram's dialect does not accept, such as an unpaired '_'). A 429 is waited out
 * as Telegram asks, up to a minute; other failures are logged and reported, never thrown.
 */
final class TelegramOutbox implements Outbox {
  private static final Logger log = LoggerFactory.getLogger(TelegramOutbox.class);
  private static final int ATTEMPTS = 3;

  private final BotApi api;

  TelegramOutbox(BotApi api) {
    this.api = api;
  }

  @Override
  public boolean send(long chatId, String text) {
    String parseMode = "Markdown";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        api.sendMessage(chatId, text, parseMode);
        return true;
      } catch (BotApiException e) {
        if (e.cannotParseEntities() && parseMode != null) {
          parseMode = null; // the same text, plain
          attempt--;
          continue;
        }
        if (e.status() == 429 && e.retryAfterSeconds() <= 60) {
          sleep(Math.max(1, e.retryAfterSeconds()) * 1000L);
          continue;
        }
        if (e.status() == 0 || e.status() >= 500) {
          sleep(1000L * attempt);
          continue;
        }
        log.warn("Telegram refused a message to chat {}: {}", chatId, e.getMessage());
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (RuntimeException e) {
        log.warn("Could not send to chat {}: {}", chatId, e.getClass().getSimpleName());
        return false;
      }
    }
    log.warn("Could not deliver a message to chat {} after {} attempts", chatId, ATTEMPTS);
    return false;
  }

  @Override
  public void typing(long chatId) {
    try {
      api.sendChatAction(chatId, "typing");
    } catch (BotApiException | RuntimeException e) {
      log.debug("typing indicator failed: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
