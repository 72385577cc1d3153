package dev.lantern.gateway.routing;

/**
 * Who made a request, as metric labels: the SHA-256 of the key presented (never the key), the
 * client address and user agent. Values are already bounded in number (see GatewayMetrics).
 */
public record Caller(String hashedApiKey, String clientIp, String userAgent) {}
