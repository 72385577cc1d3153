package dev.lantern.gateway.provider.anthropic;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.config.Credential;
import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.provider.ApiBase;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.Provider;
import dev.lantern.gateway.provider.ProviderContext;
import dev.lantern.gateway.provider.ProviderFactory;
import dev.lantern.gateway.provider.ProviderResponse;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.UpstreamErrors;
import dev.lantern.gateway.provider.UpstreamEvents;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.provider.UpstreamHttp;
import dev.lantern.gateway.provider.Usage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API behind the gateway's OpenAI format, both ways: requests are translated
 * by {@link MessagesRequest}, whole answers by {@link MessagesAnswer}, streams event by event by
 * {@link MessagesStream}. Defaults are LiteLLM's: {@code https://api.anthropic.com} (or
 * ANTHROPIC_API_BASE), the key from ANTHROPIC_API_KEY in {@code x-api-key}, {@code
 * anthropic-version: 2023-06-01}.
 */
public final class AnthropicProvider implements Provider {
  static final String VERSION = "2023-06-01";
  private static final List<String> BASE_VARIABLES = List.of("ANTHROPIC_API_BASE", "ANTHROPIC_BASE_URL");
  private static final List<String> KEY_VARIABLES = List.of("ANTHROPIC_API_KEY");

  private final CloseableHttpClient http;
  private final String who;
  private final String apiBase;
  private final URI messagesUri;
  private final Map<String, String> headers;
  private final String secret;
  private final String missingKey;

  private AnthropicProvider(DeploymentConfig deployment, ProviderContext context) {
    Map<String, String> env = context.env();
    ApiBase base = ApiBase.parse(ApiBase.configuredOrFromEnv(deployment.apiBase(), BASE_VARIABLES, env)
        .orElse("https://api.anthropic.com"), "anthropic", "https://api.anthropic.com");
    this.http = context.http();
    this.who = deployment.model();
    this.apiBase = base.url();
    // LiteLLM appends /v1/messages unless the base already ends with it.
    String url = base.url().endsWith("/v1/messages") ? base.url()
        : base.url().endsWith("/v1") ? base.url() + "/messages" : base.url() + "/v1/messages";
    this.messagesUri = URI.create(url);
    Credential key = deployment.apiKey().orFromEnv(KEY_VARIABLES, env);
    this.secret = key.value().orElse(null);
    this.missingKey = secret != null ? null
        : "model '" + deployment.modelName() + "' (" + deployment.model() + ") has no API key: set the environment "
            + "variable " + key.envVar().orElse("ANTHROPIC_API_KEY") + " and restart the gateway";
    Map<String, String> all = new LinkedHashMap<>();
    UpstreamHttp.extraHeaders(deployment).forEach((name, value) -> all.put(name.toLowerCase(Locale.ROOT), value));
    all.putIfAbsent("anthropic-version", VERSION);
    if (secret != null) {
      all.put("x-api-key", secret);
    }
    this.headers = Map.copyOf(all);
  }

  public static ProviderFactory factory() {
    return AnthropicProvider::new;
  }

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public String apiBase() {
    return apiBase;
  }

  @Override
  public ProviderResponse chat(ObjectNode body, Duration timeout) throws UpstreamException {
    UpstreamErrors.requireKey(missingKey);
    MessagesRequest.Translated request = MessagesRequest.from(body);
    record Answer(int status, byte[] body, Optional<String> retryAfter, RateLimits rateLimits) {}
    Answer answer;
    try {
      answer = http.execute(post(request.body(), timeout), response -> new Answer(response.getCode(),
          UpstreamHttp.readBody(response.getEntity()), UpstreamHttp.retryAfter(response), rateLimits(response)));
    } catch (IOException e) {
      throw UpstreamErrors.fromIo(who, e);
    }
    if (answer.status() != 200) {
      throw failure(answer.status(), answer.body(), answer.retryAfter());
    }
    JsonNode message = UpstreamHttp.parseOrNull(answer.body());
    if (message == null || !message.isObject() || !message.path("content").isArray()) {
      throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502, who + ": answered 200 with a body that is not a "
          + "Message");
    }
    ObjectNode completion = MessagesAnswer.completion(message, body.path("model").asString(""), request.jsonMode(),
        System.currentTimeMillis() / 1000);
    return new ProviderResponse(Json.MAPPER.writeValueAsBytes(completion), Usage.from(completion.get("usage")),
        answer.rateLimits());
  }

  @Override
  public ProviderStream stream(ObjectNode body, Duration timeout) throws UpstreamException {
    UpstreamErrors.requireKey(missingKey);
    MessagesRequest.Translated request = MessagesRequest.from(body);
    request.body().put("stream", true);
    ClassicHttpResponse response;
    try {
      response = http.executeOpen(null, post(request.body(), timeout), null);
    } catch (IOException e) {
      throw UpstreamErrors.fromIo(who, e);
    }
    try {
      HttpEntity entity = response.getEntity();
      String contentType = entity == null || entity.getContentType() == null ? "" : entity.getContentType();
      if (response.getCode() == 200 && entity != null && contentType.startsWith("text/event-stream")) {
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        return new MessagesStream(who, new UpstreamEvents(who, response, entity.getContent()), secret,
            rateLimits(response), body.path("model").asString(""), request.jsonMode(), includeUsage,
            System.currentTimeMillis() / 1000);
      }
      byte[] bytes = UpstreamHttp.readBody(entity);
      UpstreamHttp.closeQuietly(response);
      if (response.getCode() != 200) {
        throw failure(response.getCode(), bytes, UpstreamHttp.retryAfter(response));
      }
      throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502,
          who + ": asked for a stream, got '" + contentType + "' instead");
    } catch (IOException e) {
      UpstreamHttp.closeQuietly(response);
      throw UpstreamErrors.fromIo(who, e);
    }
  }

  private HttpPost post(ObjectNode messagesBody, Duration timeout) {
    return UpstreamHttp.jsonPost(messagesUri, headers, Json.MAPPER.writeValueAsBytes(messagesBody), timeout);
  }

  private UpstreamException failure(int status, byte[] body, Optional<String> retryAfter) {
    return UpstreamErrors.fromStatus(who, status, body, retryAfter, secret);
  }

  private static RateLimits rateLimits(HttpResponse response) {
    return RateLimits.from(response, "anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-tokens-remaining");
  }
}
