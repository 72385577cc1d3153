package dev.lantern.agent.llm;

/**
 * One tool call the model asked for. {@code arguments} is the JSON text exactly as the model wrote
 * it: it may be invalid, and the loop answers that with a tool error rather than failing the turn.
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    id = id == null ? "" : id;
    name = name == null ? "" : name;
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
