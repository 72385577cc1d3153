package dev.lantern.agent.tool;

import java.util.List;

/**
 * A set of tools that may change while the agent runs, such as an MCP server's tools, which
 * appear once the server is reachable. Asked afresh before every model call.
 */
@FunctionalInterface
public interface ToolSource {
  List<Tool> tools();

  static ToolSource of(List<Tool> tools) {
    List<Tool> fixed = List.copyOf(tools);
    return () -> fixed;
  }
}
