package dev.lantern.gateway.spend;

/**
 * One call as the spend log keeps it (LiteLLM's {@code LiteLLM_SpendLogs}).
 *
 * @param apiKey   the key's SHA-256 token, or {@code master_key} for the master key (whose hash is never stored)
 * @param callType {@code acompletion} or {@code aembedding}, as LiteLLM names them
 * @param status   {@code success} or {@code failure}
 * @param startTime when the request arrived (Unix ms), {@code endTime} when it ended
 */
public record SpendRecord(String requestId, String callId, String callType, String apiKey, String keyAlias,
    String teamId, String userId, String endUser, String modelGroup, String modelId, String model,
    long promptTokens, long completionTokens, long totalTokens, double spend, String status, int statusCode,
    long startTime, long endTime) {

  public static final String MASTER_KEY = "master_key";

  /**
   * Values a client chose ({@code user}) or an upstream named ({@code model}) are cleaned to what
   * every database stores: no control characters (PostgreSQL refuses a NUL and would fail the
   * whole batch) and no more than the column holds.
   */
  public SpendRecord {
    callId = clean(callId, 64);
    keyAlias = clean(keyAlias, 256);
    teamId = clean(teamId, 128);
    userId = clean(userId, 256);
    endUser = clean(endUser, 256);
    modelGroup = clean(modelGroup, 256);
    modelId = clean(modelId, 128);
    model = clean(model, 256);
  }

  static String clean(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    String printable = value.codePoints().filter(c -> !Character.isISOControl(c))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return printable.length() <= maxLength ? printable : printable.substring(0, maxLength);
  }
}
