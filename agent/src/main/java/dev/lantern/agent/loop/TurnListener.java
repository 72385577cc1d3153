package dev.lantern.agent.loop;

import dev.lantern.agent.llm.ToolCall;
import dev.lantern.agent.tool.ToolResult;

/** What a user interface hears while a turn runs. Every method has a do-nothing default. */
public interface TurnListener {
  TurnListener SILENT = new TurnListener() { };

  /** A piece of the answer's text as it streams. */
  default void text(String delta) { }

  default void toolCall(ToolCall call) { }

  default void toolResult(ToolCall call, ToolResult result) { }

  /** Something the user should know that is not the answer (a fallback, a compression). */
  default void notice(String message) { }
}
