package dev.lantern.kube.tool;

/**
 * What a tool answers: text for the model, and optionally the same data as structured content
 * for clients that read it.
 *
 * @param structured a JSON-able value (maps, lists, strings), or null
 */
public record ToolResult(String text, Object structured) {
  public static ToolResult text(String text) {
    return new ToolResult(text, null);
  }
}
