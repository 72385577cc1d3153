package dev.lantern.gateway.keys;

/**
 * A virtual key as stored: never the key itself, only its SHA-256 ({@code token}, LiteLLM's
 * {@code token} column) and a recognisable name ({@code sk-...abcd}).
 *
 * @param spend         in USD, in the current budget window
 * @param budgetResetAt when the spend goes back to 0 (Unix ms), or null without a budget_duration
 * @param expiresAt     when the key stops working (Unix ms), or null for never
 * @param updatedAt     wall-clock time of the last change, which replicas poll for
 */
public record VirtualKey(String token, String keyName, String keyAlias, String teamId, String userId, Policy policy,
    double spend, Long budgetResetAt, Long expiresAt, boolean blocked, long createdAt, long updatedAt,
    boolean deleted) {

  public boolean expired(long nowMillis) {
    return expiresAt != null && nowMillis >= expiresAt;
  }

  @Override
  public String toString() {
    return "VirtualKey[" + keyName + (keyAlias == null ? "" : " " + keyAlias) + "]";
  }
}
