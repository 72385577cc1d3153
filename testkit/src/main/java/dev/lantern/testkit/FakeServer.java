package dev.lantern.testkit;

import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A loopback Jetty server on virtual threads for the fakes of external services. */
final class FakeServer {
  /** Handles one request completely. */
  @FunctionalInterface
  interface Exchange {
    void handle(Request request, Response response, Callback callback) throws Exception;
  }

  final Server server;
  final ServerConnector connector;

  private FakeServer(String name, int port, Exchange exchange,
      java.util.function.BiFunction<Server, Handler, Handler> wrap) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName(name);
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server = new Server(pool);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(wrap.apply(server, new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        exchange.handle(request, response, callback);
        return true;
      }
    }));
    server.start();
  }

  /** Starts on {@code port} (0 for any free one). */
  static FakeServer start(String name, int port, Exchange exchange) throws Exception {
    return new FakeServer(name, port, exchange, (server, handler) -> handler);
  }

  /** With {@code wrap} around the exchange, such as a WebSocket upgrade in front of it. */
  static FakeServer start(String name, int port, Exchange exchange,
      java.util.function.BiFunction<Server, Handler, Handler> wrap) throws Exception {
    return new FakeServer(name, port, exchange, wrap);
  }

  int port() {
    return connector.getLocalPort();
  }

  void stop() {
    try {
      server.stop();
    } catch (Exception ignored) {
      // the test is over
    }
  }
}
