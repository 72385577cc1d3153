package dev.lantern.assistant.pairing;

/** A pairing command that cannot be done, with a message that says what to do instead. */
public final class PairingException extends RuntimeException {
  public PairingException(String message) {
    super(message);
  }
}
