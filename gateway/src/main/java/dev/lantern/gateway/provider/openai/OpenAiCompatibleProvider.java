package dev.lantern.gateway.provider.openai;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.config.Credential;
import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.provider.EmbeddingsProvider;
import dev.lantern.gateway.provider.Endpoint;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.ProviderContext;
import dev.lantern.gateway.provider.ProviderFactory;
import dev.lantern.gateway.provider.ProviderResponse;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.provider.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one client for every OpenAI-compatible upstream (OpenRouter, OpenAI, Ollama, vLLM,
 * llama.cpp, LM Studio, any api_base). Profiles differ only in base URL, key and headers.
 */
public final class OpenAiCompatibleProvider implements EmbeddingsProvider {
  /** Headers the HTTP client sets itself. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade", "transfer-encoding");
  /** A whole (non-streamed) answer larger than this is not an LLM response. */
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final OpenAiProfile profile;
  private final CloseableHttpClient http;
  private final String who;
  private final String apiBase;
  private final String userInfo;
  private final URI chatUri;
  private final URI embeddingsUri;
  private final Map<String, String> headers;
  private final String secret;
  private final String missingKey;

  private OpenAiCompatibleProvider(OpenAiProfile profile, DeploymentConfig deployment, ProviderContext context) {
    this.profile = profile;
    this.http = context.http();
    this.who = deployment.model();
    URI base = URI.create(apiBase(profile, deployment));
    this.userInfo = base.getRawUserInfo() == null ? null
        : java.net.URLDecoder.decode(base.getRawUserInfo(), java.nio.charset.StandardCharsets.UTF_8);
    this.apiBase = withoutUserInfo(base);
    this.chatUri = URI.create(apiBase + Endpoint.CHAT_COMPLETIONS.path());
    this.embeddingsUri = URI.create(apiBase + Endpoint.EMBEDDINGS.path());

    Credential key = effectiveKey(profile, deployment.apiKey(), context.env());
    this.secret = key.value().orElse(null);
    // A hosted API needs its key; a server the user pointed at with api_base (llama.cpp, a proxy)
    // often needs none, so only a key named in config and missing from the environment is fatal.
    boolean needsKey = profile.keyRequired() && deployment.apiBase().isEmpty() || deployment.apiKey().isMissing();
    this.missingKey = key.isMissing() && needsKey
        ? "model '" + deployment.modelName() + "' (" + deployment.model() + ") has no API key: set the environment variable "
            + key.envVar().orElseThrow() + " and restart the gateway"
        : null;

    Map<String, String> all = new LinkedHashMap<>(profile.defaultHeaders(context.env()));
    deployment.headers().forEach((name, value) -> {
      if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        all.put(name, value);
      }
    });
    if (secret != null) {
      all.put("Authorization", "Bearer " + secret);
    } else if (userInfo != null) {
      // http://user:pass@host/v1: the credentials go in a header, never in the shown URL.
      all.put("Authorization", "Basic "
          + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    this.headers = Map.copyOf(all);
  }

  public static ProviderFactory factory(OpenAiProfile profile) {
    return (deployment, context) -> new OpenAiCompatibleProvider(profile, deployment, context);
  }

  @Override
  public String name() {
    return profile.name();
  }

  @Override
  public String apiBase() {
    return apiBase;
  }

  @Override
  public ProviderResponse chat(ObjectNode body, Duration timeout) throws UpstreamException {
    return send(chatUri, body, timeout, "choices");
  }

  @Override
  public ProviderResponse embeddings(ObjectNode body, Duration timeout) throws UpstreamException {
    return send(embeddingsUri, body, timeout, "data");
  }

  @Override
  public ProviderStream stream(ObjectNode body, Duration timeout) throws UpstreamException {
    requireKey();
    ClassicHttpResponse response;
    try {
      response = http.executeOpen(null, request(chatUri, body, timeout), null);
    } catch (IOException e) {
      throw failure(e);
    }
    try {
      int status = response.getCode();
      HttpEntity entity = response.getEntity();
      String contentType = entity == null || entity.getContentType() == null ? "" : entity.getContentType();
      if (status == 200 && entity != null && contentType.startsWith("text/event-stream")) {
        InputStream content = entity.getContent();
        return new SseStream(who, response, content, secret);
      }
      // An error status, a 200 that is not a stream (OpenRouter's "200 with an error body"), or an
      // upstream that ignored stream: true and answered whole.
      byte[] bytes = read(entity);
      closeQuietly(response);
      if (status != 200) {
        throw UpstreamErrors.fromStatus(who, status, bytes, retryAfter(response), secret);
      }
      JsonNode json = parse(bytes);
      if (json != null && json.has("error")) {
        throw UpstreamErrors.fromErrorObject(who, json.get("error"), secret);
      }
      if (WholeAnswerStream.isCompletion(json)) {
        return WholeAnswerStream.of(json);
      }
      throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502,
          who + ": asked for a stream, got '" + contentType + "' instead");
    } catch (IOException e) {
      closeQuietly(response);
      throw failure(e);
    } catch (UpstreamException e) {
      closeQuietly(response);
      throw e;
    }
  }

  private ProviderResponse send(URI uri, ObjectNode body, Duration timeout, String resultField) throws UpstreamException {
    requireKey();
    Answer answer;
    try {
      answer = http.execute(request(uri, body, timeout),
          response -> new Answer(response.getCode(), read(response.getEntity()), retryAfter(response)));
    } catch (IOException e) {
      throw failure(e);
    }
    if (answer.status() < 200 || answer.status() > 299) {
      throw UpstreamErrors.fromStatus(who, answer.status(), answer.body(), answer.retryAfter(), secret);
    }
    Outline outline = Outline.of(answer.body(), resultField);
    if (outline == null) {
      throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502,
          who + ": answered " + answer.status() + " with a body that is not a JSON object");
    }
    if (outline.error() != null && !outline.hasResult()) {
      throw UpstreamErrors.fromErrorObject(who, outline.error(), secret);
    }
    return new ProviderResponse(answer.body(), Usage.from(outline.usage()));
  }

  /**
   * What the gateway needs from a whole answer, read in one streaming pass that skips the rest:
   * the choices are never materialised, since the client gets the upstream's bytes as they are.
   */
  private record Outline(boolean hasResult, JsonNode error, JsonNode usage) {
    static Outline of(byte[] body, String resultField) {
      try (JsonParser parser = Json.MAPPER.createParser(body)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        boolean hasResult = false;
        JsonNode error = null;
        JsonNode usage = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (name.equals("usage")) {
            usage = parser.readValueAsTree();
          } else if (name.equals("error")) {
            error = parser.readValueAsTree();
          } else {
            hasResult |= name.equals(resultField);
            parser.skipChildren();
          }
        }
        return new Outline(hasResult, error, usage);
      } catch (JacksonException e) {
        return null;
      }
    }
  }

  private record Answer(int status, byte[] body, Optional<String> retryAfter) {}

  private HttpPost request(URI uri, ObjectNode body, Duration timeout) {
    HttpPost post = new HttpPost(uri);
    headers.forEach(post::addHeader);
    post.setEntity(new ByteArrayEntity(Json.MAPPER.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
    // The response timeout is a read timeout: for a whole answer the upstream is silent until it
    // is done, so it bounds the call; for a stream it bounds the silence between events.
    post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
    return post;
  }

  private UpstreamException failure(IOException e) {
    if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
      return new UpstreamException(FailureKind.CONNECTION, 499, who + ": the call was interrupted");
    }
    return UpstreamErrors.fromIo(who, e);
  }

  private void requireKey() throws UpstreamException {
    if (missingKey != null) {
      throw new UpstreamException(FailureKind.DEPLOYMENT_REJECTED, 401, missingKey);
    }
  }

  /** The whole body, in one exact allocation when its length is known (the usual case). */
  private static byte[] read(HttpEntity entity) throws IOException {
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

  private static Optional<String> retryAfter(ClassicHttpResponse response) {
    Header header = response.getFirstHeader("Retry-After");
    return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException ignored) {
      // the connection is discarded either way
    }
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String apiBase(OpenAiProfile profile, DeploymentConfig deployment) {
    String base = deployment.apiBase().orElse(profile.defaultApiBase());
    if (base == null || base.isBlank()) {
      throw new IllegalArgumentException("api_base is required for " + profile.name()
          + " models: set litellm_params.api_base to the server's URL, e.g. http://vllm:8000/v1");
    }
    URI uri;
    try {
      uri = URI.create(base.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("api_base is not a URL (" + e.getMessage().replaceAll("//[^@/]*@", "//") + ")");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("api_base '" + withoutUserInfo(uri) + "' must be an http:// or https:// URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("api_base '" + withoutUserInfo(uri).replaceAll("[?#].*", "")
          + "' must not have a query string or fragment: the gateway appends /chat/completions to it");
    }
    String trimmed = base.strip().replaceAll("/+$", "");
    if (!profile.apiPathSuffix().isEmpty() && !trimmed.endsWith(profile.apiPathSuffix())) {
      trimmed += profile.apiPathSuffix();
    }
    return trimmed;
  }

  /** The URL as it may be shown (headers, metrics, logs): without user:password@. */
  private static String withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }

  /** The configured key, else the first of the profile's variables that is set. */
  private static Credential effectiveKey(OpenAiProfile profile, Credential configured, Map<String, String> env) {
    if (configured.value().isPresent() || configured.isMissing()) {
      return configured;
    }
    for (String var : profile.keyEnvVars()) {
      String value = env.get(var);
      if (value != null && !value.isEmpty()) {
        return Credential.fromEnv(var, value);
      }
    }
    return profile.keyEnvVars().isEmpty() ? Credential.none() : Credential.fromEnv(profile.keyEnvVars().get(0), null);
  }
}
