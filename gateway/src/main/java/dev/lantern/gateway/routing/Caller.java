package dev.lantern.gateway.routing;

/**
 * Who made a request, as metric labels: a keyed hash of the key presented (never the key), the
 * virtual key's alias, team and user ("None" for the master key), the client address and user
 * agent. Values are already bounded in number (see GatewayMetrics).
 */
public record Caller(String hashedApiKey, String keyAlias, String team, String teamAlias, String user,
    String clientIp, String userAgent) {

  /** A caller without a virtual key: LiteLLM's "None" for the key's alias, team and user. */
  public Caller(String hashedApiKey, String clientIp, String userAgent) {
    this(hashedApiKey, "None", "None", "None", "None", clientIp, userAgent);
  }
}
