package dev.lantern.gateway.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed call to one deployment. It is a value the router inspects, not a crash: the {@link
 * FailureKind} says whether to retry, fall back or return, and the status and message are what
 * the client sees if nothing else works. Messages never carry an API key.
 */
public final class UpstreamException extends Exception {
  private final FailureKind kind;
  private final int status;
  private final Duration retryAfter;

  public UpstreamException(FailureKind kind, int status, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public UpstreamException(FailureKind kind, int status, String message) {
    this(kind, status, message, null);
  }

  public FailureKind kind() {
    return kind;
  }

  /** The HTTP status the client gets for this failure. */
  public int status() {
    return status;
  }

  /** The upstream's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The same failure with more context in front of the message. */
  public UpstreamException withMessage(String message) {
    return new UpstreamException(kind, status, message, retryAfter);
  }
}
