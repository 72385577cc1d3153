package dev.lantern.agent.mcp;

import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * All the configured MCP servers as one {@link ToolSource}. Disabled entries are skipped; servers
 * that are down simply offer no tools until they come up.
 */
public final class McpServers implements ToolSource, AutoCloseable {
  private final List<McpServer> servers;

  private McpServers(List<McpServer> servers) {
    this.servers = List.copyOf(servers);
  }

  /** Starts connecting to every enabled server in the background. */
  public static McpServers start(List<McpServerConfig> configs) {
    List<McpServer> servers = new ArrayList<>();
    for (McpServerConfig config : configs) {
      if (config.enabled()) {
        servers.add(new McpServer(config).start());
      }
    }
    return new McpServers(servers);
  }

  /**
   * Gives every server up to {@code limit} for its first attempt, so that the first turn already
   * sees the tools of the servers that are up. A server that is down does not hold anything up
   * past its failed attempt.
   */
  public McpServers awaitFirstAttempts(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (McpServer server : servers) {
      server.awaitFirstAttempt(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    return this;
  }

  public List<McpServer> servers() {
    return servers;
  }

  @Override
  public List<Tool> tools() {
    List<Tool> tools = new ArrayList<>();
    for (McpServer server : servers) {
      tools.addAll(server.tools());
    }
    return tools;
  }

  @Override
  public void close() {
    servers.forEach(McpServer::close);
  }
}
