package dev.lantern.agent.llm;

/**
 * A failed model call, classified so that the loop and the user can act on it. The message is one
 * line meant for a person and never holds a key.
 */
public final class LlmException extends Exception {
  public enum Kind {
    /** The endpoint refused the key (401/403). */
    AUTH(false),
    /** 429: too many requests or tokens. */
    RATE_LIMITED(true),
    /** The model does not accept {@code tools} in the request. */
    TOOLS_UNSUPPORTED(false),
    /** The prompt is longer than the model's context window. */
    CONTEXT_TOO_LONG(false),
    /** The model name is unknown to the endpoint (404). */
    MODEL_NOT_FOUND(false),
    /** Any other 4xx: the request itself is wrong. */
    BAD_REQUEST(false),
    /** 5xx from the endpoint or an error event inside a stream. */
    UNAVAILABLE(true),
    /** No answer, or no new token, within the timeout. */
    TIMEOUT(true),
    /** The endpoint cannot be reached at all. */
    CONNECTION(true),
    /** An answer that is not the OpenAI shape (or is empty). */
    BAD_RESPONSE(false),
    /** The user interrupted the call. */
    CANCELLED(false);

    private final boolean transientFailure;

    Kind(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** Worth one more try after a pause. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Kind kind;
  private final int status;

  public LlmException(Kind kind, int status, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
  }

  public LlmException(Kind kind, String message) {
    this(kind, 0, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was none. */
  public int status() {
    return status;
  }
}
