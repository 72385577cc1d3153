package dev.lantern.agent.loop;

/**
 * How the loop behaves.
 *
 * @param model the model name sent to the endpoint (the gateway's {@code free} by default)
 * @param maxTurns tool iterations allowed in one user turn (Hermes's {@code max_turns}, 90)
 * @param contextWindow the model's context window in tokens
 * @param compressAt the share of the window at which the conversation is compressed (0.5), or
 *     {@link #NEVER}
 * @param keepFirst messages kept verbatim at the start (the system prompt and first exchange)
 * @param keepLast messages kept verbatim at the end
 * @param maxToolResultChars the size cap of one tool result
 */
public record AgentSettings(String model, int maxTurns, int contextWindow, double compressAt, int keepFirst,
    int keepLast, int maxToolResultChars) {

  public static final String DEFAULT_MODEL = "free";

  public AgentSettings {
    if (maxTurns < 1) {
      throw new IllegalArgumentException("max_turns must be at least 1");
    }
    if (compressAt != NEVER && (compressAt <= 0 || compressAt > 1)) {
      throw new IllegalArgumentException("the compression threshold must be above 0 and at most 1");
    }
  }

  public static AgentSettings defaults() {
    return new AgentSettings(DEFAULT_MODEL, 90, 32_768, 0.5, 3, 20, 20_000);
  }

  public AgentSettings withModel(String name) {
    return new AgentSettings(name, maxTurns, contextWindow, compressAt, keepFirst, keepLast, maxToolResultChars);
  }

  public AgentSettings withMaxTurns(int turns) {
    return new AgentSettings(model, turns, contextWindow, compressAt, keepFirst, keepLast, maxToolResultChars);
  }

  public AgentSettings withContext(int window, double at, int first, int last) {
    return new AgentSettings(model, maxTurns, window, at, first, last, maxToolResultChars);
  }

  /** A compression threshold that is never reached: compression off. */
  public static final double NEVER = Double.POSITIVE_INFINITY;

  /** The estimated prompt size above which the conversation is compressed. */
  public int compressionThreshold() {
    return compressAt == NEVER ? Integer.MAX_VALUE : (int) (contextWindow * compressAt);
  }
}
