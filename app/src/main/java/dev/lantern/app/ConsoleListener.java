package dev.lantern.app;

import dev.lantern.agent.llm.ToolCall;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.tool.ToolResult;
import java.io.PrintWriter;

/** Streams the answer to one writer and shows tool calls and notices on another. */
final class ConsoleListener implements TurnListener {
  private static final int SHOWN_ARGUMENTS = 120;

  private final PrintWriter answer;
  private final PrintWriter progress;

  ConsoleListener(PrintWriter answer, PrintWriter progress) {
    this.answer = answer;
    this.progress = progress;
  }

  @Override
  public void text(String delta) {
    answer.print(delta);
    answer.flush();
  }

  @Override
  public void toolCall(ToolCall call) {
    String arguments = call.arguments().length() > SHOWN_ARGUMENTS
        ? call.arguments().substring(0, SHOWN_ARGUMENTS) + "…" : call.arguments();
    progress.println("  → " + call.name() + " " + arguments);
    progress.flush();
  }

  @Override
  public void toolResult(ToolCall call, ToolResult result) {
    if (result.error()) {
      String text = result.text().lines().findFirst().orElse("");
      progress.println("  ✗ " + call.name() + ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
      progress.flush();
    }
  }

  @Override
  public void notice(String message) {
    progress.println("  (" + message + ")");
    progress.flush();
  }
}
