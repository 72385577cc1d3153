package dev.lantern.common.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A connector whose connections linger before they close after an answer that ends them (a 431
 * for a 10 MB header, a 413, a 408): the rest of what the client is still sending is read and
 * dropped, for at most {@link #LINGER} and {@link #LINGER_BYTES}, as nginx's lingering_close does.
 * Without it the kernel resets a connection closed with unread data, and a client still writing
 * sees "connection reset" instead of the answer it was sent.
 */
final class LingeringConnector extends ServerConnector {
  static final Duration LINGER = Duration.ofSeconds(2);
  static final long LINGER_BYTES = 64L * 1024 * 1024;

  LingeringConnector(Server server, ConnectionFactory... factories) {
    super(server, factories);
  }

  @Override
  protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
    SocketChannelEndPoint endPoint = new SocketChannelEndPoint(channel, selector, key, getScheduler()) {
      private volatile boolean answeredAndEnding;

      @Override
      protected void doShutdownOutput() {
        answeredAndEnding = true; // an answer that ends the connection (Connection: close) was sent
        super.doShutdownOutput();
      }

      @Override
      public void doClose() {
        if (!answeredAndEnding) {
          super.doClose(); // idle, timed out or abandoned: nothing was answered, nothing to wait for
          return;
        }
        Thread.ofVirtual().name("lingering-close").start(() -> {
          drain(channel);
          super.doClose();
        });
      }
    };
    endPoint.setIdleTimeout(getIdleTimeout());
    return endPoint;
  }

  /** Reads and drops what the client still sends, until it stops, closes, or the linger is over. */
  private static void drain(SocketChannel channel) {
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    long deadline = System.nanoTime() + LINGER.toNanos();
    long drained = 0;
    try {
      while (System.nanoTime() < deadline && drained < LINGER_BYTES) {
        buffer.clear();
        int read = channel.read(buffer); // the channel is non-blocking: 0 when nothing is there yet
        if (read < 0) {
          return;
        }
        drained += read;
        if (read == 0) {
          Thread.sleep(10);
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away: close now
    }
  }
}
