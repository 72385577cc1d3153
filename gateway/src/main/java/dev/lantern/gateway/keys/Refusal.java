package dev.lantern.gateway.keys;

import java.util.OptionalLong;

/**
 * Why a request with a virtual key is refused, in LiteLLM's terms: the HTTP status, the error
 * {@code type} ({@code budget_exceeded}, {@code key_model_access_denied}, ...), and for limits how
 * many seconds to wait ({@code Retry-After}). The message never contains the key.
 */
public final class Refusal extends RuntimeException {
  private final int status;
  private final String type;
  private final String param;
  private final OptionalLong retryAfterSeconds;

  public Refusal(int status, String type, String param, String message, OptionalLong retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static Refusal of(int status, String type, String message) {
    return new Refusal(status, type, null, message, OptionalLong.empty());
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String param() {
    return param;
  }

  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
