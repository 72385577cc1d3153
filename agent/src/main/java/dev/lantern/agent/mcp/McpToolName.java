package dev.lantern.agent.mcp;

import dev.lantern.common.secret.Secrets;

/**
 * Hermes's naming for MCP tools: {@code mcp_<server>_<tool>}, with every character OpenAI does not
 * allow in a function name turned into {@code _}, and at most 64 characters (a long name keeps its
 * start and gets a short hash, so two long names stay distinct).
 */
public final class McpToolName {
  private static final int MAX = 64;

  private McpToolName() {}

  public static String of(String server, String tool) {
    String name = ("mcp_" + server + "_" + tool).replaceAll("[^A-Za-z0-9_-]", "_");
    if (name.length() <= MAX) {
      return name;
    }
    String hash = Secrets.sha256Hex(name).substring(0, 8);
    return name.substring(0, MAX - hash.length() - 1) + "_" + hash;
  }
}
