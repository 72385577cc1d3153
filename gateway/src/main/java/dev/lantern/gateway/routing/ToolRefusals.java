package dev.lantern.gateway.routing;

import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.UpstreamException;
import java.util.regex.Pattern;

/**
 * Recognises an upstream saying that a model cannot take tools, in the words providers use:
 * OpenRouter's "No endpoints found that support tool use", Ollama's "does not support tools",
 * vLLM's "auto tool choice requires --enable-auto-tool-choice".
 */
final class ToolRefusals {
  private static final Pattern WORDING = Pattern.compile(
      "(?i)(support(s)? tool use|endpoints found that support tool|auto\"? tool choice requires"
          + "|(tools?|function calling) (is |are )?not supported|does not support (tools|function))");

  private ToolRefusals() {}

  static boolean isOne(UpstreamException failure) {
    FailureKind kind = failure.kind();
    return (kind == FailureKind.BAD_REQUEST || kind == FailureKind.DEPLOYMENT_REJECTED)
        && failure.getMessage() != null && WORDING.matcher(failure.getMessage()).find();
  }
}
