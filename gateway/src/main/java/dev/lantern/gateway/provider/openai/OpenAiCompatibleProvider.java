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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one client for every OpenAI-compatible upstream (OpenRouter, OpenAI, Ollama, vLLM,
 * llama.cpp, LM Studio, any api_base). Profiles differ only in base URL, key and headers.
 */
public final class OpenAiCompatibleProvider implements EmbeddingsProvider {
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final OpenAiProfile profile;
  private final HttpClient http;
  private final String who;
  private final String apiBase;
  private final URI chatUri;
  private final URI embeddingsUri;
  private final String[] headers;
  private final HttpClient.Version version;
  private final String secret;
  private final String missingKey;

  private OpenAiCompatibleProvider(OpenAiProfile profile, DeploymentConfig deployment, ProviderContext context) {
    this.profile = profile;
    this.http = context.http();
    this.who = deployment.model();
    this.apiBase = apiBase(profile, deployment);
    this.chatUri = URI.create(apiBase + Endpoint.CHAT_COMPLETIONS.path());
    this.embeddingsUri = URI.create(apiBase + Endpoint.EMBEDDINGS.path());
    this.version = chatUri.getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;

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
    all.putAll(deployment.headers());
    List<String> flat = new ArrayList<>();
    all.forEach((name, value) -> {
      if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        flat.add(name);
        flat.add(value);
      }
    });
    flat.addAll(List.of("Content-Type", "application/json", "User-Agent", "lantern-gateway"));
    if (secret != null) {
      flat.addAll(List.of("Authorization", "Bearer " + secret));
    }
    this.headers = flat.toArray(String[]::new);
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
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
    try {
      response = http.send(request(chatUri, body, timeout), BodyHandlers.ofPublisher());
    } catch (IOException e) {
      throw UpstreamErrors.fromIo(who, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(FailureKind.CONNECTION, 499, who + ": the call was interrupted");
    }
    int status = response.statusCode();
    String contentType = response.headers().firstValue("content-type").orElse("");
    if (status == 200 && contentType.startsWith("text/event-stream")) {
      return new SseStream(who, response.body(), timeout, secret);
    }
    // An error status, or a 200 that is not a stream (OpenRouter's "200 with an error body").
    byte[] bytes = drain(response.body(), timeout);
    if (status != 200) {
      throw UpstreamErrors.fromStatus(who, status, bytes, response.headers().firstValue("retry-after"), secret);
    }
    JsonNode json = parse(bytes);
    if (json != null && json.has("error")) {
      throw UpstreamErrors.fromErrorObject(who, json.get("error"), secret);
    }
    throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502,
        who + ": asked for a stream, got '" + contentType + "' instead");
  }

  private ProviderResponse send(URI uri, ObjectNode body, Duration timeout, String resultField) throws UpstreamException {
    requireKey();
    CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request(uri, body, timeout), BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new UpstreamException(FailureKind.TIMEOUT, 408, who + ": no answer within " + timeout.toSeconds() + " s (timeout)");
    } catch (ExecutionException e) {
      throw UpstreamErrors.fromIo(who, e.getCause());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new UpstreamException(FailureKind.CONNECTION, 499, who + ": the call was interrupted");
    }
    int status = response.statusCode();
    byte[] bytes = response.body();
    if (status < 200 || status > 299) {
      throw UpstreamErrors.fromStatus(who, status, bytes, response.headers().firstValue("retry-after"), secret);
    }
    JsonNode json = parse(bytes);
    if (json == null || !json.isObject()) {
      throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502, who + ": answered " + status + " with a body that is not a JSON object");
    }
    if (json.has("error") && !json.has(resultField)) {
      throw UpstreamErrors.fromErrorObject(who, json.get("error"), secret);
    }
    return new ProviderResponse(bytes, json, Usage.from(json.get("usage")));
  }

  private HttpRequest request(URI uri, ObjectNode body, Duration timeout) {
    return HttpRequest.newBuilder(uri)
        .version(version)
        .timeout(timeout)
        .headers(headers)
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)))
        .build();
  }

  private void requireKey() throws UpstreamException {
    if (missingKey != null) {
      throw new UpstreamException(FailureKind.DEPLOYMENT_REJECTED, 401, missingKey);
    }
  }

  /** Reads a short non-stream body (an error) from a streaming response, bounded in time and size. */
  private static byte[] drain(Flow.Publisher<List<ByteBuffer>> body, Duration timeout) {
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    body.subscribe(new Flow.Subscriber<>() {
      private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      private Flow.Subscription subscription;

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(List<ByteBuffer> item) {
        for (ByteBuffer buffer : item) {
          byte[] chunk = new byte[buffer.remaining()];
          buffer.get(chunk);
          out.writeBytes(chunk);
        }
        if (out.size() > 1024 * 1024) {
          subscription.cancel();
          bytes.complete(out.toByteArray());
        }
      }

      @Override
      public void onError(Throwable throwable) {
        bytes.complete(out.toByteArray());
      }

      @Override
      public void onComplete() {
        bytes.complete(out.toByteArray());
      }
    });
    try {
      return bytes.get(Math.min(timeout.toMillis(), 30_000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new byte[0];
    } catch (ExecutionException | TimeoutException e) {
      return new byte[0];
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
      throw new IllegalArgumentException("api_base '" + base + "' is not a URL");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("api_base '" + base + "' must be an http:// or https:// URL");
    }
    String trimmed = base.strip().replaceAll("/+$", "");
    if (!profile.apiPathSuffix().isEmpty() && !trimmed.endsWith(profile.apiPathSuffix())) {
      trimmed += profile.apiPathSuffix();
    }
    return trimmed;
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
