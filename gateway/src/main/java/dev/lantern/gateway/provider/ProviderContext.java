package dev.lantern.gateway.provider;

import java.net.http.HttpClient;
import java.util.Map;

/** What every provider shares: the one HTTP client and the environment (for default keys). */
public record ProviderContext(HttpClient http, Map<String, String> env) {}
