package dev.lantern.kube.tool;

/**
 * One tool: data (name, title, description, input schema, hints) beside a short handler. Names,
 * parameters and titles follow kubernetes-mcp-server, so prompts written for it keep working.
 * Every tool here only reads: {@code readOnlyHint: true}, {@code destructiveHint: false}.
 *
 * @param inputSchema the JSON Schema of the arguments, as JSON text
 * @param idempotent  kubernetes-mcp-server sets {@code idempotentHint} on the top tools only
 */
public record KubeTool(String name, String title, String description, String inputSchema, boolean idempotent,
    Handler handler) {

  /** Runs one call. Failures the model should read are {@link ToolError}s. */
  @FunctionalInterface
  public interface Handler {
    ToolResult call(Args args) throws ToolError;
  }

  public static KubeTool of(String name, String title, String description, String inputSchema, Handler handler) {
    return new KubeTool(name, title, description, inputSchema, false, handler);
  }

  public KubeTool markedIdempotent() {
    return new KubeTool(name, title, description, inputSchema, true, handler);
  }
}
