package dev.lantern.gateway.provider;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} as curl and httpx (LiteLLM's
 * client) read them, upper or lower case: the proxy for an upstream's scheme unless its host is
 * excluded. {@code NO_PROXY} entries are host names (matching the host and its subdomains, with or
 * without a leading dot), IP addresses, {@code host:port}, or {@code *} for everything. A proxy
 * URL's {@code user:password@} becomes Basic proxy credentials and is never logged.
 */
final class UpstreamProxy extends DefaultRoutePlanner {
  private final HttpHost https;
  private final HttpHost http;
  private final List<String> noProxy;

  private UpstreamProxy(HttpHost https, HttpHost http, List<String> noProxy) {
    super(null);
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
  }

  /**
   * @return empty when no proxy is set
   * @throws IllegalArgumentException for a proxy URL that cannot be used; the message names the variable
   */
  static Optional<UpstreamProxy> fromEnv(Map<String, String> env) {
    HttpHost https = proxy(env, "HTTPS_PROXY");
    HttpHost http = proxy(env, "HTTP_PROXY");
    if (https == null && http == null) {
      return Optional.empty();
    }
    String exclusions = variable(env, "NO_PROXY");
    List<String> noProxy = exclusions == null ? List.of() : Arrays.stream(exclusions.split(","))
        .map(entry -> entry.strip().toLowerCase(Locale.ROOT)).filter(entry -> !entry.isEmpty()).toList();
    return Optional.of(new UpstreamProxy(https, http, noProxy));
  }

  /** Basic credentials for the proxies whose URLs carry them. */
  BasicCredentialsProvider credentials(Map<String, String> env) {
    BasicCredentialsProvider provider = new BasicCredentialsProvider();
    for (String name : List.of("HTTPS_PROXY", "HTTP_PROXY")) {
      String value = variable(env, name);
      URI uri = value == null ? null : uri(value, name);
      if (uri != null && uri.getUserInfo() != null) {
        String[] parts = uri.getUserInfo().split(":", 2);
        provider.setCredentials(new AuthScope(uri.getHost(), port(uri)),
            new UsernamePasswordCredentials(parts[0], (parts.length > 1 ? parts[1] : "").toCharArray()));
      }
    }
    return provider;
  }

  @Override
  protected HttpHost determineProxy(HttpHost target, HttpContext context) {
    HttpHost proxy = "https".equalsIgnoreCase(target.getSchemeName()) ? https : http;
    return proxy == null || excluded(target) ? null : proxy;
  }

  private boolean excluded(HttpHost target) {
    String host = target.getHostName().toLowerCase(Locale.ROOT);
    for (String entry : noProxy) {
      if (entry.equals("*")) {
        return true;
      }
      String name = entry;
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && !entry.contains("]") && entry.indexOf(':') == colon) {
        if (!entry.substring(colon + 1).equals(String.valueOf(target.getPort()))) {
          continue;
        }
        name = entry.substring(0, colon);
      }
      name = name.startsWith(".") ? name.substring(1) : name;
      if (host.equals(name) || host.endsWith("." + name)) {
        return true;
      }
    }
    return false;
  }

  private static HttpHost proxy(Map<String, String> env, String name) {
    String value = variable(env, name);
    if (value == null) {
      return null;
    }
    URI uri = uri(value, name);
    return new HttpHost(uri.getScheme(), uri.getHost(), port(uri));
  }

  private static String variable(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      value = env.get(name.toLowerCase(Locale.ROOT));
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static URI uri(String value, String name) {
    String withScheme = value.contains("://") ? value : "http://" + value;
    URI uri;
    try {
      uri = URI.create(withScheme);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      // The value may hold a password: name the variable, not its value.
      throw new IllegalArgumentException(name + " is not a usable proxy URL; expected http://host:port "
          + "(optionally http://user:password@host:port)");
    }
    return uri;
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
  }
}
