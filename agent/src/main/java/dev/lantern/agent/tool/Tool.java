package dev.lantern.agent.tool;

import tools.jackson.databind.JsonNode;

/**
 * A tool the model can call. Read-only tools may run in parallel with each other; any other tool
 * runs alone, in the order the model asked.
 *
 * <p>A handler reports a problem the model should hear about (bad arguments, nothing found) by
 * returning {@link ToolResult#error} or throwing {@link ToolException}; anything else it throws is
 * also caught and shown to the model as an error, never ending the turn.
 */
public interface Tool {
  /** OpenAI function names: {@code ^[a-zA-Z0-9_-]{1,64}$}. */
  String name();

  String description();

  /** A JSON schema of type object. */
  JsonNode parameters();

  boolean readOnly();

  ToolResult call(ToolArgs arguments) throws Exception;
}
