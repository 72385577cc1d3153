package dev.lantern.gateway.provider.openai;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.Endpoint;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.ProviderResponse;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.UpstreamErrors;
import dev.lantern.gateway.provider.UpstreamEvents;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.provider.UpstreamHttp;
import dev.lantern.gateway.provider.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's format on the wire: the headers every call carries, and the conversion of what comes
 * back from a chat completions or embeddings URI into answers, streams and {@link
 * UpstreamException}s. Every OpenAI-compatible provider, and Azure OpenAI, is this client with its
 * own URIs and headers.
 */
public final class OpenAiClient {

  private final CloseableHttpClient http;
  private final String who;
  private final Map<String, String> headers;
  private final String secret;
  private final String missingKey;
  private final OpenAiProfile.Dialect dialect;

  /**
   * @param who        how messages name the deployment, e.g. its model string
   * @param headers    sent on every call, credentials included
   * @param secret     the key, so that an upstream echoing it never shows it; may be null
   * @param missingKey when not null, every call fails with this message (a key the config names is unset)
   */
  public OpenAiClient(CloseableHttpClient http, String who, Map<String, String> headers, String secret,
      String missingKey, OpenAiProfile.Dialect dialect) {
    this.http = http;
    this.who = who;
    this.headers = Map.copyOf(headers);
    this.secret = secret;
    this.missingKey = missingKey;
    this.dialect = dialect;
  }

  /** A whole chat completion from {@code chatUri}. */
  public ProviderResponse chat(URI chatUri, ObjectNode body, Duration timeout) throws UpstreamException {
    return send(chatUri, body, timeout, "choices");
  }

  public ProviderResponse embeddings(URI embeddingsUri, ObjectNode body, Duration timeout) throws UpstreamException {
    return send(embeddingsUri, body, timeout, "data");
  }

  /** A streamed chat completion from {@code chatUri}; returns once the upstream has accepted it. */
  public ProviderStream stream(URI chatUri, ObjectNode body, Duration timeout) throws UpstreamException {
    UpstreamErrors.requireKey(missingKey);
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
        return new SseStream(who, new UpstreamEvents(who, response, content), secret, RateLimits.openAi(response));
      }
      // An error status, a 200 that is not a stream (OpenRouter's "200 with an error body"), or an
      // upstream that ignored stream: true and answered whole.
      byte[] bytes = UpstreamHttp.readBody(entity);
      UpstreamHttp.closeQuietly(response);
      if (status != 200) {
        throw UpstreamErrors.fromStatus(who, status, bytes, UpstreamHttp.retryAfter(response), secret);
      }
      JsonNode json = UpstreamHttp.parseOrNull(bytes);
      if (json != null && json.has("error")) {
        throw UpstreamErrors.fromErrorObject(who, json.get("error"), secret);
      }
      if (WholeAnswerStream.isCompletion(json)) {
        return WholeAnswerStream.of(json);
      }
      throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502,
          who + ": asked for a stream, got '" + contentType + "' instead");
    } catch (IOException e) {
      UpstreamHttp.closeQuietly(response);
      throw failure(e);
    } catch (UpstreamException e) {
      UpstreamHttp.closeQuietly(response);
      throw e;
    }
  }

  private ProviderResponse send(URI uri, ObjectNode body, Duration timeout, String resultField) throws UpstreamException {
    UpstreamErrors.requireKey(missingKey);
    Answer answer;
    try {
      answer = http.execute(request(uri, body, timeout),
          response -> new Answer(response.getCode(), UpstreamHttp.readBody(response.getEntity()), UpstreamHttp.retryAfter(response),
              RateLimits.openAi(response)));
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
    return new ProviderResponse(answer.body(), Usage.from(outline.usage()), answer.rateLimits());
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

  private record Answer(int status, byte[] body, Optional<String> retryAfter, RateLimits rateLimits) {}

  private HttpPost request(URI uri, ObjectNode body, Duration timeout) {
    return UpstreamHttp.jsonPost(uri, headers, Json.MAPPER.writeValueAsBytes(dialect.adapt(body)), timeout);
  }

  private UpstreamException failure(IOException e) {
    return UpstreamErrors.fromIo(who, e);
  }
}
