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
}
