package dev.lantern.agent.llm;

/** Token usage of one call, or of many added up. Cost is in USD when the endpoint reports it. */
public record Usage(long promptTokens, long completionTokens, double cost) {
  public static final Usage NONE = new Usage(0, 0, 0);

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  public Usage plus(Usage other) {
    return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens, cost + other.cost);
  }
}
