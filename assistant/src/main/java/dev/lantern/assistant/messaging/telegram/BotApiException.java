package dev.lantern.assistant.messaging.telegram;

/**
 * A failed Bot API call: the HTTP status (0 for a network failure), Telegram's description and,
 * on 429, how long to wait. The message never holds the token.
 */
public final class BotApiException extends Exception {
  private final int status;
  private final int retryAfterSeconds;

  public BotApiException(int status, String description, int retryAfterSeconds) {
    super(description, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public boolean cannotParseEntities() {
    return status == 400 && String.valueOf(getMessage()).contains("can't parse entities");
  }
}
