package dev.lantern.gateway.provider;

/**
 * Why a call to a deployment failed. The kind alone decides what the router does next, so the
 * rules live in one place: retry the group, fall back to another group, cool the deployment down,
 * or give the client the error at once.
 */
public enum FailureKind {
  /** 429 from the upstream. */
  RATE_LIMITED(true, true, "RateLimitError"),
  /** 5xx, or HTTP 200 whose body or stream says error. */
  UPSTREAM_ERROR(true, true, "InternalServerError"),
  /** No answer within the timeout (408 and 504 included). */
  TIMEOUT(true, true, "Timeout"),
  /** Refused, reset or dropped connection. */
  CONNECTION(true, true, "APIConnectionError"),
  /**
   * The upstream rejects this deployment rather than the request: bad key (401), no credit (402),
   * forbidden (403), model gone (404), or no key configured. Another deployment or group may work,
   * so this falls back; retrying the same deployment would not help.
   */
  DEPLOYMENT_REJECTED(false, true, "AuthenticationError"),
  /** Every deployment of the group is cooling down, at its rpm/tpm limit or at max parallel calls. */
  NO_DEPLOYMENTS(false, true, "RouterRateLimitError"),
  /** The prompt does not fit; only {@code context_window_fallbacks} apply. */
  CONTEXT_WINDOW(false, false, "ContextWindowExceededError"),
  /**
   * No deployment of the group can take what the request needs (tools, with {@code
   * enable_pre_call_checks}): the group's {@code fallbacks} may.
   */
  NOT_SUPPORTED(false, true, "BadRequestError"),
  /** The upstream refused the content; only {@code content_policy_fallbacks} apply. */
  CONTENT_POLICY(false, false, "ContentPolicyViolationError"),
  /** Any other 4xx: the request itself is wrong and would fail everywhere, so it returns at once. */
  BAD_REQUEST(false, false, "BadRequestError");

  private final boolean retryable;
  private final boolean fallsBack;
  private final String litellmClass;

  FailureKind(boolean retryable, boolean fallsBack, String litellmClass) {
    this.retryable = retryable;
    this.fallsBack = fallsBack;
    this.litellmClass = litellmClass;
  }

  /** Worth another attempt within the same model group. */
  public boolean retryable() {
    return retryable;
  }

  /** Worth trying the group's {@code fallbacks} once its retries are spent. */
  public boolean fallsBack() {
    return fallsBack;
  }

  /** The LiteLLM exception class name, used in the {@code exception_class} metric label. */
  public String litellmClass() {
    return litellmClass;
  }
}
