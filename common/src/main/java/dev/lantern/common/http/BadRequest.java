package dev.lantern.common.http;

/** A request the caller must fix: its status and a message that says how. */
public final class BadRequest extends Exception {
  private final int status;

  public BadRequest(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
