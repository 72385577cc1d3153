package dev.lantern.sre.serve;

/** A request the caller must fix: its status and a message that says how. */
final class BadRequest extends Exception {
  final int status;

  BadRequest(int status, String message) {
    super(message);
    this.status = status;
  }
}
