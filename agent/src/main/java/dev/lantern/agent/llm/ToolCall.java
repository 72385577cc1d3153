package dev.lantern.agent.llm;

/**
 * One tool call the model asked for. {@code arguments} is the JSON text exactly as the model wrote
 * it: it may be invalid, and the loop answers that with a tool error rather than failing the turn.
 */
public record ToolCall(String id, String name, String arguments) {
  /** A fresh id, for calls that came without one (APIs reject an empty or repeated tool_call_id). */
  public static String newId() {
    return "call_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  public ToolCall {
    id = id == null ? "" : id;
    name = name == null ? "" : name;
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
