package dev.lantern.agent.tool;

/** What a tool call gives back to the model. */
public record ToolResult(String text, boolean error) {
  public static ToolResult ok(String text) {
    return new ToolResult(text, false);
  }

  public static ToolResult error(String text) {
    return new ToolResult(text, true);
  }

  /** The text the model reads: errors are marked so that small models notice them. */
  public String forModel() {
    return error ? "Error: " + text : text;
  }
}
