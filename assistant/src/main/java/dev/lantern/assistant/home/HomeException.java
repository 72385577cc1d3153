package dev.lantern.assistant.home;

/** The home directory cannot be used; the message says which path and what to do. */
public final class HomeException extends RuntimeException {
  public HomeException(String message) {
    super(message, null, false, false);
  }
}
