package dev.lantern.gateway.provider.openai;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.gateway.provider.SseParser;
import dev.lantern.gateway.provider.UpstreamErrors;
import dev.lantern.gateway.provider.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an upstream event stream on the request's own thread, as the bytes arrive. The socket's
 * read timeout is the stream timeout: an upstream silent for longer is a failure. Closing before
 * the end drops the connection instead of returning it to the pool half-read.
 */
final class SseStream implements ProviderStream {
  private final String who;
  private final String secret;
  private final ClassicHttpResponse response;
  private final InputStream body;
  private final SseParser parser = new SseParser();
  private final byte[] buffer = new byte[16 * 1024];
  private final RateLimits rateLimits;
  private boolean ended;
  private boolean reachedEnd;

  SseStream(String who, ClassicHttpResponse response, InputStream body, String secret, RateLimits rateLimits) {
    this.who = who;
    this.response = response;
    this.body = body;
    this.secret = secret;
    this.rateLimits = rateLimits;
  }

  @Override
  public RateLimits rateLimits() {
    return rateLimits;
  }

  @Override
  public SseEvent next() throws UpstreamException {
    while (true) {
      SseEvent event = parser.poll();
      if (event != null) {
        throwIfError(event);
        return event;
      }
      if (ended) {
        return null;
      }
      int read = read();
      if (read < 0) {
        ended = true;
        reachedEnd = true;
      } else {
        feed(read);
      }
    }
  }

  private int read() throws UpstreamException {
    try {
      return body.read(buffer);
    } catch (SocketTimeoutException e) {
      close();
      throw new UpstreamException(FailureKind.TIMEOUT, 408, who + ": the stream sent nothing within stream_timeout");
    } catch (IOException e) {
      close();
      throw new UpstreamException(FailureKind.CONNECTION, 502, who + ": the stream broke off ("
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
    }
  }

  private void feed(int length) throws UpstreamException {
    try {
      parser.feed(ByteBuffer.wrap(buffer, 0, length));
    } catch (IllegalStateException tooLong) {
      close();
      throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502, who + ": " + tooLong.getMessage());
    }
  }

  /** OpenRouter reports failures inside the stream as {@code data: {"error": {...}}}. */
  private void throwIfError(SseEvent event) throws UpstreamException {
    String data = event.data();
    if (data == null || !data.contains("\"error\"")) {
      return;
    }
    JsonNode chunk;
    try {
      chunk = Json.MAPPER.readTree(data);
    } catch (JacksonException notJson) {
      return;
    }
    JsonNode error = chunk.get("error");
    if (error != null && !error.isNull()) {
      close();
      throw UpstreamErrors.fromErrorObject(who, error, secret);
    }
  }

  /**
   * A stream read to its end returns its connection to the pool. One abandoned early (the client
   * left, an error event, a timeout) is cut at once: a graceful close would read, and pay for,
   * every remaining token first.
   */
  @Override
  public void close() {
    boolean complete = reachedEnd;
    ended = true;
    if (!complete && response instanceof ModalCloseable modal) {
      modal.close(CloseMode.IMMEDIATE);
      return;
    }
    try {
      response.close();
    } catch (IOException ignored) {
      // the connection is being thrown away anyway
    }
  }
}
