package dev.lantern.agent.mcp;

import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.common.json.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One configured MCP server, kept connected in the background on a virtual thread.
 *
 * <ul>
 *   <li>HTTP: Streamable HTTP first; when the initialize POST is answered 400, 404 or 405, or the
 *       URL ends in {@code /sse}, the legacy HTTP+SSE transport on the same URL (the MCP spec's
 *       backwards-compatibility rule).
 *   <li>A server that cannot be reached is retried with exponential back-off (1 s doubling to 60 s,
 *       with jitter); it never stops the agent, and its tools appear once it answers.
 *   <li>A connected server is pinged every 30 s; a failed ping or call drops the connection and
 *       starts reconnecting. A call that fails because the server restarted (its session is gone)
 *       is retried once on the new connection.
 * </ul>
 */
public final class McpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(McpServer.class);
  private static final Pattern STATUS = Pattern.compile("(?i)status(?: code)?:?\\s*(\\d{3})");
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
  private static final Duration PING_EVERY = Duration.ofSeconds(30);

  /** Where a server stands, for {@code doctor} and the logs. */
  public enum State { CONNECTING, CONNECTED, DOWN, CLOSED }

  private final McpServerConfig config;
  private final McpJsonMapper mapper = new JacksonMcpJsonMapper(Json.MAPPER);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private volatile McpSyncClient client;
  private volatile List<Tool> tools = List.of();
  private volatile State state = State.CONNECTING;
  private volatile String transport = "";
  private volatile String lastError = "";
  private volatile boolean closed;
  private Thread keeper;

  public McpServer(McpServerConfig config) {
    this.config = config;
  }

  public McpServer start() {
    keeper = Thread.ofVirtual().name("mcp-" + config.name()).start(this::keepConnected);
    return this;
  }

  /** Waits until the first connection attempt has ended, either way, for at most {@code limit}. */
  public boolean awaitFirstAttempt(Duration limit) throws InterruptedException {
    return firstAttempt.await(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  public String name() {
    return config.name();
  }

  public McpServerConfig config() {
    return config;
  }

  public State state() {
    return state;
  }

  /** "streamable-http", "sse" or "stdio" once connected. */
  public String transport() {
    return transport;
  }

  public String lastError() {
    return lastError;
  }

  /** The server's tools while it is connected; none while it is not. */
  public List<Tool> tools() {
    return state == State.CONNECTED ? tools : List.of();
  }

  private void keepConnected() {
    Duration backoff = FIRST_BACKOFF;
    while (!closed) {
      if (client == null) {
        try {
          connect();
          backoff = FIRST_BACKOFF;
        } catch (RuntimeException e) {
          if (closed) {
            return;
          }
          boolean first = lastError.isEmpty();
          lastError = describe(e);
          state = State.DOWN;
          // Once at WARN; the retries that follow would only repeat it.
          if (first) {
            log.warn("MCP server '{}' ({}) is not reachable: {}. Retrying in the background", config.name(),
                config.location(), lastError);
          } else {
            log.debug("MCP server '{}' still not reachable: {}; next try in {} s", config.name(), lastError,
                backoff.toSeconds());
          }
        }
        firstAttempt.countDown();
        if (client == null) {
          await(jitter(backoff));
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
      } else {
        await(PING_EVERY);
        McpSyncClient current = client;
        if (current != null && state == State.CONNECTED) {
          try {
            current.ping();
          } catch (RuntimeException e) {
            drop(current, describe(e));
          }
        }
      }
    }
  }

  private void connect() {
    state = State.CONNECTING;
    McpSyncClient connected = open();
    List<Tool> found;
    try {
      found = listTools(connected);
    } catch (RuntimeException e) {
      connected.close();
      throw e;
    }
    lock.lock();
    try {
      if (closed) {
        connected.close();
        return;
      }
      tools = List.copyOf(found);
      client = connected;
      lastError = "";
      state = State.CONNECTED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    log.info("MCP server '{}' connected over {}: {} tools", config.name(), transport, found.size());
  }

  /** The server's tools, page by page; a server without the tools capability simply has none. */
  private List<Tool> listTools(McpSyncClient connected) {
    McpSchema.ServerCapabilities capabilities = connected.getServerCapabilities();
    if (capabilities != null && capabilities.tools() == null) {
      return List.of();
    }
    List<Tool> found = new ArrayList<>();
    String cursor = null;
    do {
      McpSchema.ListToolsResult page = cursor == null ? connected.listTools() : connected.listTools(cursor);
      for (McpSchema.Tool tool : page.tools() == null ? List.<McpSchema.Tool>of() : page.tools()) {
        if (tool != null && tool.name() != null && config.offers(tool.name())) {
          found.add(new RemoteTool(tool));
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null && !cursor.isEmpty() && found.size() < 1000);
    return found;
  }

  private McpSyncClient open() {
    if (config.isStdio()) {
      ServerParameters parameters = ServerParameters.builder(config.command()).args(config.args()).env(config.env())
          .build();
      transport = "stdio";
      return initialized(new StdioClientTransport(parameters, mapper));
    }
    URI url = config.url();
    if (url.getPath() != null && url.getPath().endsWith("/sse")) {
      transport = "sse";
      return initialized(sse(url));
    }
    try {
      transport = "streamable-http";
      return initialized(streamable(url));
    } catch (RuntimeException e) {
      int status = statusOf(e);
      if (status != 400 && status != 404 && status != 405) {
        throw e;
      }
      log.info("MCP server '{}' answered {} to Streamable HTTP; trying the legacy SSE transport", config.name(), status);
      transport = "sse";
      return initialized(sse(url));
    }
  }

  private McpSyncClient initialized(McpClientTransport clientTransport) {
    McpSyncClient candidate = McpClient.sync(clientTransport)
        .clientInfo(new McpSchema.Implementation("lantern", "0.1.0"))
        .requestTimeout(config.timeout())
        .initializationTimeout(config.connectTimeout())
        .build();
    try {
      candidate.initialize();
      return candidate;
    } catch (RuntimeException e) {
      candidate.close();
      throw e;
    }
  }

  private McpClientTransport streamable(URI url) {
    return HttpClientStreamableHttpTransport.builder(origin(url))
        .endpoint(pathAndQuery(url))
        .clientBuilder(HttpClient.newBuilder().connectTimeout(config.connectTimeout()))
        .requestBuilder(withHeaders())
        .build();
  }

  private McpClientTransport sse(URI url) {
    return HttpClientSseClientTransport.builder(origin(url))
        .sseEndpoint(pathAndQuery(url))
        .clientBuilder(HttpClient.newBuilder().connectTimeout(config.connectTimeout()))
        .requestBuilder(withHeaders())
        .build();
  }

  private HttpRequest.Builder withHeaders() {
    HttpRequest.Builder builder = HttpRequest.newBuilder();
    config.headers().forEach(builder::header);
    return builder;
  }

  /** Calls a tool of this server; every failure is a tool error for the model. */
  ToolResult call(String toolName, JsonNode arguments) {
    McpSyncClient current = client;
    if (current == null || state != State.CONNECTED) {
      return ToolResult.error("the MCP server '" + config.name() + "' is not connected"
          + (lastError.isEmpty() ? "" : " (" + lastError + ")") + "; it is being retried, try again later");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> args = Json.MAPPER.convertValue(arguments, Map.class);
    try {
      return result(current.callTool(new McpSchema.CallToolRequest(toolName, args)));
    } catch (McpError e) {
      if (!sessionLost(e)) {
        return ToolResult.error(toolName + " failed on the MCP server '" + config.name() + "': " + e.getMessage());
      }
      drop(current, "the server lost our session (it probably restarted)");
      return retryAfterReconnect(toolName, args);
    } catch (RuntimeException e) {
      String reason = describe(e);
      if (!connectionBroken(e)) {
        // A timeout or a malformed answer: this call failed, the session may well be fine.
        return ToolResult.error(toolName + " on the MCP server '" + config.name() + "' failed: " + reason);
      }
      drop(current, reason);
      if (sessionLost(e)) {
        return retryAfterReconnect(toolName, args);
      }
      return ToolResult.error("the MCP server '" + config.name() + "' failed during " + toolName + ": " + reason
          + ". Reconnecting; try again later");
    }
  }

  private ToolResult retryAfterReconnect(String toolName, Map<String, Object> args) {
    long deadline = System.nanoTime() + config.connectTimeout().toNanos();
    lock.lock();
    try {
      while (state != State.CONNECTED && !closed && System.nanoTime() < deadline) {
        changed.await(200, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    McpSyncClient current = client;
    if (current == null || state != State.CONNECTED) {
      return ToolResult.error("the MCP server '" + config.name() + "' restarted and is not back yet; try again later");
    }
    try {
      return result(current.callTool(new McpSchema.CallToolRequest(toolName, args)));
    } catch (RuntimeException e) {
      return ToolResult.error(toolName + " failed on the MCP server '" + config.name() + "': " + describe(e));
    }
  }

  private static ToolResult result(McpSchema.CallToolResult result) {
    StringBuilder text = new StringBuilder();
    for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
      if (!text.isEmpty()) {
        text.append('\n');
      }
      switch (content) {
        case null -> { }
        case McpSchema.TextContent part -> text.append(part.text() == null ? "" : part.text());
        case McpSchema.EmbeddedResource resource
            when resource.resource() instanceof McpSchema.TextResourceContents contents -> text.append(contents.text());
        default -> text.append("[").append(content.type()).append(" content omitted]");
      }
    }
    if (text.isEmpty() && result.structuredContent() != null) {
      text.append(Json.MAPPER.writeValueAsString(result.structuredContent()));
    }
    return Boolean.TRUE.equals(result.isError()) ? ToolResult.error(text.toString()) : ToolResult.ok(text.toString());
  }

  private void drop(McpSyncClient broken, String reason) {
    lock.lock();
    try {
      if (client != broken || closed) {
        return;
      }
      client = null;
      lastError = reason;
      state = State.DOWN;
      log.warn("MCP server '{}' connection lost: {}. Reconnecting", config.name(), reason);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    broken.close();
  }

  private void await(Duration duration) {
    lock.lock();
    try {
      changed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    State before = state;
    McpSyncClient current;
    lock.lock();
    try {
      closed = true;
      state = State.CLOSED;
      current = client;
      client = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (current != null) {
      try {
        current.closeGracefully();
      } catch (RuntimeException e) {
        log.debug("MCP server '{}' did not close cleanly ({})", config.name(), before, e);
      }
    }
    if (keeper != null) {
      keeper.interrupt();
    }
  }

  /** Transport trouble (I/O, a closed or unknown session), as opposed to one call's timeout. */
  private static boolean connectionBroken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException || t instanceof io.modelcontextprotocol.spec.McpTransportException
          || t instanceof io.modelcontextprotocol.spec.McpTransportSessionClosedException) {
        return true;
      }
    }
    return sessionLost(e);
  }

  private static boolean sessionLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t.getClass().getSimpleName().contains("SessionNotFound") || message.contains("Session not found")
          || message.contains("session not found")) {
        return true;
      }
    }
    return false;
  }

  static int statusOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      Matcher matcher = STATUS.matcher(String.valueOf(t.getMessage()));
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
    }
    return 0;
  }

  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.length() > 200 ? message.substring(0, 200) + "…" : message;
  }

  private static Duration jitter(Duration base) {
    return base.plusMillis(ThreadLocalRandom.current().nextLong(base.toMillis() / 4 + 1));
  }

  private static String origin(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority();
  }

  private static String pathAndQuery(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
  }

  /** One of the server's tools, as the agent sees it. */
  private final class RemoteTool implements Tool {
    private final McpSchema.Tool tool;
    private final String name;
    private final JsonNode parameters;

    RemoteTool(McpSchema.Tool tool) {
      this.tool = tool;
      this.name = McpToolName.of(config.name(), tool.name());
      JsonNode schema = tool.inputSchema() == null ? Json.object().put("type", "object")
          : Json.MAPPER.valueToTree(tool.inputSchema());
      this.parameters = schema;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      String description = tool.description() != null ? tool.description() : tool.title() != null ? tool.title() : "";
      return description.isEmpty() ? tool.name() + " (from the MCP server " + config.name() + ")" : description;
    }

    @Override
    public JsonNode parameters() {
      return parameters;
    }

    @Override
    public boolean readOnly() {
      return tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint());
    }

    @Override
    public ToolResult call(ToolArgs arguments) {
      return McpServer.this.call(tool.name(), arguments.json());
    }
  }
}
