package dev.lantern.gateway.provider.openai;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.gateway.provider.UpstreamException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an upstream event stream as it arrives. The JDK client pushes byte buffers; this class
 * pulls them one at a time (so a slow client slows the upstream instead of filling memory) and
 * gives up when the upstream is silent for longer than the stream timeout.
 */
final class SseStream implements ProviderStream, Flow.Subscriber<List<ByteBuffer>> {
  private static final Object END = new Object();

  private final String who;
  private final String secret;
  private final long idleNanos;
  private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
  private final SseParser parser = new SseParser();
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  private boolean ended;

  SseStream(String who, Flow.Publisher<List<ByteBuffer>> body, Duration idleTimeout, String secret) {
    this.who = who;
    this.secret = secret;
    this.idleNanos = idleTimeout.toNanos();
    body.subscribe(this);
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
      Object arrival = take();
      if (arrival == END) {
        ended = true;
      } else if (arrival instanceof Throwable error) {
        ended = true;
        throw UpstreamErrors.fromIo(who + " stream", error)
            .withMessage(who + ": the stream broke off (" + describe(error) + ")");
      } else {
        feed(arrival);
      }
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

  private Object take() throws UpstreamException {
    Object arrival;
    try {
      arrival = arrivals.poll(idleNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new UpstreamException(FailureKind.CONNECTION, 499, who + ": the call was interrupted");
    }
    if (arrival == null) {
      close();
      throw new UpstreamException(FailureKind.TIMEOUT, 408,
          who + ": the stream sent nothing for " + Duration.ofNanos(idleNanos).toSeconds() + " s (stream_timeout)");
    }
    return arrival;
  }

  @SuppressWarnings("unchecked")
  private void feed(Object arrival) throws UpstreamException {
    try {
      for (ByteBuffer buffer : (List<ByteBuffer>) arrival) {
        parser.feed(buffer);
      }
    } catch (IllegalStateException tooLong) {
      close();
      throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502, who + ": " + tooLong.getMessage());
    }
    subscription.request(1);
  }

  @Override
  public void close() {
    closed = true;
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (closed) {
      subscription.cancel();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    arrivals.add(item);
  }

  @Override
  public void onError(Throwable throwable) {
    arrivals.add(throwable);
  }

  @Override
  public void onComplete() {
    arrivals.add(END);
  }

  private static String describe(Throwable error) {
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }
}
