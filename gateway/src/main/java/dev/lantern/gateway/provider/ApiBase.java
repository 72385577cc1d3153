package dev.lantern.gateway.provider;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment's base URL, checked once at start-up: http or https, a host, no query or
 * fragment (paths are appended to it). Credentials written into it ({@code
 * http://user:pass@host}) are kept apart, to be sent as a Basic header and never shown.
 *
 * @param url       the URL without user:password@ and without trailing slashes: safe for logs, headers, metrics
 * @param userInfo  {@code user:password} from the URL, decoded, or null
 */
public record ApiBase(String url, String userInfo) {
  /**
   * @param base     as configured (or a provider's default)
   * @param provider names the provider in the message when base is missing
   * @throws IllegalArgumentException saying what is wrong and what to write, never echoing credentials
   */
  public static ApiBase parse(String base, String provider, String example) {
    if (base == null || base.isBlank()) {
      throw new IllegalArgumentException("api_base is required for " + provider
          + " models: set litellm_params.api_base to the server's URL, e.g. " + example);
    }
    URI uri;
    try {
      uri = URI.create(base.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("api_base is not a URL (" + withoutCredentials(e.getMessage()) + ")");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("api_base '" + shown(uri) + "' must be an http:// or https:// URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("api_base '" + shown(uri).replaceAll("[?#].*", "")
          + "' must not have a query string or fragment: the gateway appends the API's paths to it");
    }
    String userInfo = uri.getRawUserInfo() == null ? null : URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
    return new ApiBase(shown(uri).replaceAll("/+$", ""), userInfo);
  }

  /** The configured base, else the first of a provider's variables that is set (e.g. AZURE_API_BASE). */
  public static Optional<String> configuredOrFromEnv(Optional<String> configured, List<String> variables,
      Map<String, String> env) {
    return configured.or(() -> firstSet(variables, env));
  }

  /** The value of the first of these variables that is set and not blank. */
  public static Optional<String> firstSet(List<String> variables, Map<String, String> env) {
    return variables.stream().map(env::get).filter(v -> v != null && !v.isBlank()).findFirst();
  }

  /** This base with {@code suffix} appended unless it already ends with it (Ollama's /v1). */
  public ApiBase withSuffix(String suffix) {
    return suffix.isEmpty() || url.endsWith(suffix) ? this : new ApiBase(url + suffix, userInfo);
  }

  /** The Authorization header for credentials written into the URL, if any. */
  public Optional<String> basicAuthorization() {
    return Optional.ofNullable(userInfo)
        .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
  }

  /** The URL as it may be shown (headers, metrics, logs): without user:password@. */
  private static String shown(URI uri) {
    return withoutCredentials(uri.toString());
  }

  /**
   * Cuts everything from :// to the last @, so that a password holding an unencoded @, /, ?, # or
   * space (which leaves java.net.URI without user info, or unparsable) is never shown.
   */
  private static String withoutCredentials(String text) {
    int scheme = text.indexOf("://");
    int at = text.lastIndexOf('@');
    return scheme >= 0 && at > scheme ? text.substring(0, scheme + 3) + text.substring(at + 1) : text;
  }

  @Override
  public String toString() {
    return url; // never the credentials
  }
}
