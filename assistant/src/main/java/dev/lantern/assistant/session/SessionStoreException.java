package dev.lantern.assistant.session;

/** The session database cannot do what was asked; the message says why and what to do. */
public final class SessionStoreException extends RuntimeException {
  public SessionStoreException(String message) {
    super(message, null, false, false);
  }
}
