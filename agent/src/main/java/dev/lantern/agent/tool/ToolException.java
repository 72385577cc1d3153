package dev.lantern.agent.tool;

/** A problem with a tool call that the model should read and fix (bad arguments, not found). */
public final class ToolException extends Exception {
  public ToolException(String message) {
    super(message, null, false, false);
  }
}
