package dev.lantern.common.http;

import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server as every Lantern service runs it: Jetty 12 (ee10 servlets, so the MCP SDK's
 * servlet transports mount beside ours), blocking handlers on virtual threads, a small pool of
 * platform threads for I/O, errors as JSON, and a graceful stop that lets requests in flight end.
 *
 * <p>Why plain Jetty and not Javalin: see docs/architecture.md ("HTTP server").
 */
public final class HttpService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);

  private final String name;
  private final Server server;
  private final ServerConnector connector;

  private HttpService(String name, Server server, ServerConnector connector) {
    this.name = name;
    this.server = server;
    this.connector = connector;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The port actually bound (useful with port 0 in tests). */
  public int port() {
    return connector.getLocalPort();
  }

  public URI uri() {
    String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0")
        ? "127.0.0.1"
        : connector.getHost();
    return URI.create("http://" + host + ":" + port());
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops accepting, lets requests in flight finish within the stop timeout, then closes. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("{}: stopping the HTTP server failed: {}", name, e.toString());
    }
  }

  /** Whether a failed body read is the read timeout: the client stopped sending (answer 408). */
  public static boolean isReadTimeout(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  public static final class Builder {
    private final String name;
    private String host = "0.0.0.0";
    private int port;
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Duration headerTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration stopTimeout = Duration.ofSeconds(15);
    private int maxPlatformThreads = 32;
    private final Map<HttpServlet, List<String>> servlets = new LinkedHashMap<>();
    private ErrorBodies errorBodies = ErrorBodies.OPENAI;

    private Builder(String name) {
      this.name = name;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** How long a connection may stay silent; long, because an LLM stream may think for minutes. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * How long a client may take to send a request's line and headers; past it the connection is
     * closed, so that slow-header (slowloris) clients cannot hold connections.
     */
    public Builder headerTimeout(Duration headerTimeout) {
      this.headerTimeout = headerTimeout;
      return this;
    }

    /**
     * How long a read of the request body may wait for the next bytes; past it the read fails
     * ({@link #isReadTimeout}) and the servlet answers 408, so that a stalled upload gives back
     * what it holds.
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder stopTimeout(Duration stopTimeout) {
      this.stopTimeout = stopTimeout;
      return this;
    }

    /**
     * Mounts a servlet at one or more servlet path specs ({@code "/*"}, {@code "/mcp"}); one
     * instance serves them all. Servlets may use async processing (the MCP SDK's do).
     */
    public Builder servlet(HttpServlet servlet, String... pathSpecs) {
      servlets.computeIfAbsent(servlet, s -> new ArrayList<>()).addAll(List.of(pathSpecs));
      return this;
    }

    public Builder servlet(String pathSpec, HttpServlet servlet) {
      return servlet(servlet, pathSpec);
    }

    /** How errors that Jetty itself produces (bad request line, 500 from a bug) are rendered. */
    public Builder errorBodies(ErrorBodies errorBodies) {
      this.errorBodies = errorBodies;
      return this;
    }

    public HttpService start() {
      QueuedThreadPool pool = new QueuedThreadPool(maxPlatformThreads, 4);
      pool.setName(name);
      pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
      Server server = new Server(pool);

      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      http.setRequestHeaderSize(16 * 1024);
      // Blocking I/O while a request is handled (body reads) waits at most this long for data.
      http.setIdleTimeout(readTimeout.toMillis());
      ServerConnector connector = new LingeringConnector(server, new HttpConnectionFactory(http));
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(idleTimeout.toMillis());
      // On stop, idle keep-alive connections close at once; requests in flight still finish
      // (GracefulHandler waits for them up to the stop timeout).
      connector.setShutdownIdleTimeout(50);
      SlowClientGuard guard = new SlowClientGuard(headerTimeout);
      connector.addBean(guard); // started and stopped with the connector, and told of every connection
      server.addConnector(connector);

      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      servlets.forEach((servlet, specs) -> {
        ServletHolder holder = new ServletHolder(servlet.getClass().getSimpleName() + "@" + System.identityHashCode(servlet), servlet);
        holder.setAsyncSupported(true);
        context.getServletHandler().addServlet(holder);
        ServletMapping mapping = new ServletMapping();
        mapping.setServletName(holder.getName());
        mapping.setPathSpecs(specs.toArray(String[]::new));
        context.getServletHandler().addServletMapping(mapping);
      });
      context.setErrorHandler(new JsonErrorHandler(errorBodies));
      server.setErrorHandler(new JsonErrorHandler(errorBodies));
      server.setHandler(new GracefulHandler(context));
      server.setStopTimeout(stopTimeout.toMillis());
      server.setStopAtShutdown(false);

      try {
        server.start();
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception ignored) {
          // the start failure is what matters
        }
        throw new IllegalStateException(
            name + ": cannot listen on " + host + ":" + port + " (" + rootMessage(e)
                + "). Is another process using the port? Choose another with --port.", e);
      }
      HttpService service = new HttpService(name, server, connector);
      LOG.info("{} listening on {}:{}", name, host, service.port());
      return service;
    }

    private static String rootMessage(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
  }
}
