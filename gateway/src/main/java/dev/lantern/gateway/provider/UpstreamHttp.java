package dev.lantern.gateway.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client all providers share: Apache HttpClient 5 "classic", whose blocking I/O runs
 * on the request's own virtual thread. Measured here, a loopback call costs 31–35 µs with it
 * against 160–230 µs with {@code java.net.http.HttpClient}, whose selector thread and executor
 * hand every response across threads (docs/architecture.md, "Upstream HTTP client").
 *
 * <p>The gateway does its own retries, redirects are never followed (a 3xx from an LLM API is an
 * error), and bodies pass through untouched (no transparent decompression).
 */
public final class UpstreamHttp {
  private static final int MAX_CONNECTIONS = 1024;

  /** A whole (non-streamed) answer larger than this is not an LLM response. */
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private UpstreamHttp() {}

  /**
   * A POST of a JSON body. The response timeout is a read timeout: for a whole answer the upstream
   * is silent until it is done, so it bounds the call; for a stream it bounds the silence between
   * events.
   */
  public static HttpPost jsonPost(URI uri, Map<String, String> headers, byte[] json, Duration timeout) {
    HttpPost post = new HttpPost(uri);
    headers.forEach(post::addHeader);
    post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
    post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
    return post;
  }

  /** Headers the HTTP client sets itself: a config's extra_headers may not override them. */
  private static final java.util.Set<String> RESTRICTED_HEADERS =
      java.util.Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade", "transfer-encoding");

  /** The deployment's extra_headers (or headers), without those the HTTP client must set itself. */
  public static Map<String, String> extraHeaders(dev.lantern.gateway.config.DeploymentConfig deployment) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    deployment.headers().forEach((name, value) -> {
      if (!RESTRICTED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        headers.put(name, value);
      }
    });
    return headers;
  }

  /** The whole body, in one exact allocation when its length is known (the usual case). */
  public static byte[] readBody(HttpEntity entity) throws IOException {
    if (entity == null) {
      return new byte[0];
    }
    long length = entity.getContentLength();
    if (length > MAX_BODY_BYTES) {
      throw new IOException("the answer is larger than " + MAX_BODY_BYTES + " bytes");
    }
    try (InputStream in = entity.getContent()) {
      if (length >= 0) {
        return in.readNBytes((int) length);
      }
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IOException("the answer is larger than " + MAX_BODY_BYTES + " bytes");
      }
      return bytes;
    }
  }

  /** A body as JSON, or null when it is not JSON. */
  public static tools.jackson.databind.JsonNode parseOrNull(byte[] bytes) {
    try {
      return dev.lantern.common.json.Json.MAPPER.readTree(bytes);
    } catch (tools.jackson.core.JacksonException notJson) {
      return null;
    }
  }

  public static Optional<String> retryAfter(HttpResponse response) {
    Header header = response.getFirstHeader("Retry-After");
    return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
  }

  public static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException ignored) {
      // the connection is discarded either way
    }
  }

  /** @param env where {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} are read ({@link UpstreamProxy}) */
  public static CloseableHttpClient create(Map<String, String> env) {
    PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(MAX_CONNECTIONS)
        .setMaxConnPerRoute(MAX_CONNECTIONS)
        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofSeconds(10))
            // A pooled connection idle this long is checked before reuse: upstreams and proxies
            // close keep-alive connections without telling, and a POST must not land on a dead one.
            .setValidateAfterInactivity(TimeValue.ofSeconds(2))
            .setTimeToLive(TimeValue.ofMinutes(10))
            .build())
        .build();
    HttpClientBuilder builder = HttpClients.custom();
    UpstreamProxy.fromEnv(env).ifPresent(proxy -> builder.setRoutePlanner(proxy)
        .setDefaultCredentialsProvider(proxy.credentials(env)));
    return builder
        .setConnectionManager(connections)
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableContentCompression()
        .evictIdleConnections(TimeValue.of(60, TimeUnit.SECONDS))
        .setUserAgent("lantern-gateway")
        .build();
  }
}
