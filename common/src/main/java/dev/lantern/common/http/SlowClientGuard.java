package dev.lantern.common.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that take too long to send a request's headers (slowloris): a new
 * connection that has not sent a whole request line and headers within {@code headerTimeout}, and
 * a kept-alive one that began the next request's headers and has not finished them in that time.
 * Jetty's idle timeout cannot do this alone: a client that sends one byte just before it expires
 * holds the connection for ever. Slow bodies are the read timeout's job ({@code HttpConfiguration}).
 */
final class SlowClientGuard extends AbstractLifeCycle implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);

  /** What was true of a connection when it was last looked at. */
  private record Seen(long messagesIn, long since, boolean started) {}

  private final Duration headerTimeout;
  private final Map<HttpConnection, Seen> open = new ConcurrentHashMap<>();
  private ScheduledExecutorService ticker;

  SlowClientGuard(Duration headerTimeout) {
    this.headerTimeout = headerTimeout;
  }

  @Override
  protected void doStart() {
    ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "slow-client-guard");
      thread.setDaemon(true);
      return thread;
    });
    long every = Math.max(50, headerTimeout.toMillis() / 4);
    ticker.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() {
    ticker.shutdownNow();
    open.clear();
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      open.put(http, new Seen(0, System.nanoTime(), true));
    }
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  private void sweep() {
    long now = System.nanoTime();
    open.forEach((connection, seen) -> {
      long messages = connection.getMessagesIn();
      // Waiting for headers: a fresh connection that has not finished its first request's
      // headers, or a kept-alive one in the middle of the next one's. An idle kept-alive
      // connection (nothing of a new request read yet) is left to the idle timeout.
      boolean waiting = connection.getParser().inHeaderState()
          && (messages == 0 || !connection.getParser().isStart());
      if (!waiting) {
        open.replace(connection, seen, new Seen(messages, now, false));
        return;
      }
      if (!seen.started() || seen.messagesIn() != messages) {
        open.replace(connection, seen, new Seen(messages, now, true));
        return;
      }
      if (now - seen.since() > headerTimeout.toNanos()) {
        LOG.debug("Closing a connection from {}: no complete request headers in {} s",
            connection.getEndPoint().getRemoteSocketAddress(), headerTimeout.toSeconds());
        open.remove(connection);
        connection.getEndPoint().close();
      }
    });
  }
}
