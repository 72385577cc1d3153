package dev.lantern.testkit;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A call the fake upstream received: the path below the deployment name (e.g. /v1/chat/completions), headers (lower-case) and body. */
public record Received(String path, Map<String, String> headers, JsonNode body) {
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
