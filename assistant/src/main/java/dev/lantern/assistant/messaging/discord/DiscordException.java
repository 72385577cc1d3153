package dev.lantern.assistant.messaging.discord;

/** A Discord call that failed; {@code status} 0 means no HTTP answer. Never carries the token. */
public final class DiscordException extends Exception {
  private final int status;

  DiscordException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
