package dev.lantern.kube.tool;

/**
 * A failed tool call the model should read and act on ("namespace 'x' does not exist"), returned
 * as a result with {@code isError: true}. Protocol faults are the SDK's; this is never one.
 */
public final class ToolError extends Exception {
  public ToolError(String message) {
    super(message, null, false, false);
  }
}
