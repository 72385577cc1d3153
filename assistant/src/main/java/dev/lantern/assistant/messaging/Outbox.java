package dev.lantern.assistant.messaging;

/** Sends to a chat on one platform. Implementations retry what is worth retrying and never throw. */
public interface Outbox {
  /** Sends one message of at most the platform's length; false when it could not be delivered. */
  boolean send(long chatId, String text);

  /** Shows "typing…" for a few seconds. */
  void typing(long chatId);

  /** The platform's message length limit. */
  default int limit() {
    return MessageSplitter.TELEGRAM_LIMIT;
  }
}
