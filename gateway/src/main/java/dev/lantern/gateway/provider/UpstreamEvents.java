package dev.lantern.gateway.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

/**
 * The server-sent events of an upstream's streamed answer, read on the request's own thread as
 * the bytes arrive, whatever the provider puts in them. The socket's read timeout is the stream
 * timeout: an upstream silent for longer is a failure. Closing before the end drops the
 * connection instead of returning it to the pool half-read.
 */
public final class UpstreamEvents implements AutoCloseable {
  private final String who;
  private final ClassicHttpResponse response;
  private final InputStream body;
  private final SseParser parser = new SseParser();
  private final byte[] buffer = new byte[16 * 1024];
  private boolean ended;
  private boolean reachedEnd;

  /** @param who how messages name the deployment */
  public UpstreamEvents(String who, ClassicHttpResponse response, InputStream body) {
    this.who = who;
    this.response = response;
    this.body = body;
  }

  /** The next event, or null once the upstream has closed the stream. */
  public SseEvent next() throws UpstreamException {
    while (true) {
      SseEvent event = parser.poll();
      if (event != null) {
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
