package dev.lantern.assistant.memory;

/** A memory change that was refused; the message tells the model what to do instead. */
public final class MemoryException extends RuntimeException {
  public MemoryException(String message) {
    super(message, null, false, false);
  }
}
