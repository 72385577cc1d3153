package dev.lantern.gateway.provider;

import java.util.Map;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** What every provider shares: the one HTTP client ({@link UpstreamHttp}) and the environment (for default keys). */
public record ProviderContext(CloseableHttpClient http, Map<String, String> env) {}
