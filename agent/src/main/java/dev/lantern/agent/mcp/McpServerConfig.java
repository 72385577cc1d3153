package dev.lantern.agent.mcp;

import dev.lantern.common.config.ConfigNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of Hermes's {@code mcp_servers} block: {@code url} (+ {@code headers}) for HTTP, or
 * {@code command} + {@code args} + {@code env} for stdio; {@code timeout} for each tool call and
 * {@code connect_timeout} for connecting, in seconds; {@code tools.include}/{@code tools.exclude}
 * by the server's own tool names; {@code enabled: false} to keep an entry but not use it.
 */
public record McpServerConfig(
    String name,
    URI url,
    Map<String, String> headers,
    String command,
    List<String> args,
    Map<String, String> env,
    Duration timeout,
    Duration connectTimeout,
    Set<String> include,
    Set<String> exclude,
    boolean enabled) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);

  public McpServerConfig {
    headers = Map.copyOf(headers);
    args = List.copyOf(args);
    env = Map.copyOf(env);
    include = Set.copyOf(include);
    exclude = Set.copyOf(exclude);
  }

  /** An HTTP server with default timeouts and every tool. */
  public static McpServerConfig http(String name, String url) {
    return new McpServerConfig(name, URI.create(url), Map.of(), null, List.of(), Map.of(), DEFAULT_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT, Set.of(), Set.of(), true);
  }

  public boolean isStdio() {
    return command != null;
  }

  /** Where it is, for messages: the URL without credentials, or the command. */
  public String location() {
    if (isStdio()) {
      return command;
    }
    // Neither user:password@ nor a ?token=… query may reach a log or an error.
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath()) + (url.getRawQuery() == null ? "" : "?…");
  }

  public boolean offers(String toolName) {
    return (include.isEmpty() || include.contains(toolName)) && !exclude.contains(toolName);
  }

  public McpServerConfig withTimeouts(Duration timeout, Duration connectTimeout) {
    return new McpServerConfig(name, url, headers, command, args, env, timeout, connectTimeout, include, exclude,
        enabled);
  }

  /** Header and environment values are secrets (tokens): only their names are shown. */
  @Override
  public String toString() {
    return "McpServerConfig[" + name + " at " + location() + ", headers " + headers.keySet() + ", env " + env.keySet()
        + "]";
  }

  /** Reads the {@code mcp_servers} mapping; every mistake names its key. */
  public static List<McpServerConfig> parseAll(ConfigNode servers) {
    if (servers.isMissing()) {
      return List.of();
    }
    if (!servers.isObject()) {
      throw servers.invalid("must be a mapping of server names to settings");
    }
    List<McpServerConfig> configs = new ArrayList<>();
    for (Map.Entry<String, ConfigNode> entry : servers.entries().entrySet()) {
      configs.add(parse(entry.getKey(), entry.getValue()));
    }
    return configs;
  }

  static McpServerConfig parse(String name, ConfigNode node) {
    if (!name.matches("[A-Za-z0-9_.-]{1,40}")) {
      throw node.invalid("the server name must be 1 to 40 letters, digits, '_', '-' or '.'");
    }
    if (!node.isObject()) {
      throw node.invalid("must be a mapping with 'url' or 'command'");
    }
    String url = node.string("url").orElse(null);
    String command = node.string("command").orElse(null);
    if ((url == null) == (command == null)) {
      throw node.invalid("needs exactly one of 'url' (HTTP) or 'command' (stdio)");
    }
    URI uri = null;
    if (url != null) {
      try {
        uri = URI.create(url.strip());
      } catch (IllegalArgumentException e) {
        throw node.get("url").invalid("is not a valid URL");
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw node.get("url").invalid("must be an http:// or https:// URL with a host");
      }
    }
    ConfigNode tools = node.get("tools");
    if (!tools.isMissing() && !tools.isObject()) {
      throw tools.invalid("must be a mapping with 'include' and/or 'exclude'");
    }
    return new McpServerConfig(name, uri, stringMap(node.get("headers")), command, node.strings("args"),
        stringMap(node.get("env")), seconds(node, "timeout", DEFAULT_TIMEOUT),
        seconds(node, "connect_timeout", DEFAULT_CONNECT_TIMEOUT), Set.copyOf(tools.strings("include")),
        Set.copyOf(tools.strings("exclude")), node.bool("enabled").orElse(true));
  }

  private static Duration seconds(ConfigNode node, String key, Duration fallback) {
    double value = node.number(key).orElse(fallback.toMillis() / 1000.0);
    if (value <= 0 || value > 3600) {
      throw node.get(key).invalid("must be a number of seconds between 0 and 3600");
    }
    return Duration.ofMillis((long) (value * 1000));
  }

  private static Map<String, String> stringMap(ConfigNode node) {
    if (node.isMissing()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw node.invalid("must be a mapping of names to values");
    }
    Map<String, String> values = new LinkedHashMap<>();
    node.entries().forEach((key, value) -> {
      if (!value.isScalar()) {
        throw value.invalid("must be a single value");
      }
      values.put(key, value.asString().orElse(""));
    });
    return values;
  }
}
