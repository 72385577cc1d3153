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
  private boolean midLine;

  ConsoleListener(PrintWriter answer, PrintWriter progress) {
    this.answer = answer;
    this.progress = progress;
  }

  /** Shows tool calls and notices only; the caller prints the final answer itself. */
  static ConsoleListener progressOnly(PrintWriter progress) {
    return new ConsoleListener(null, progress);
  }

  @Override
  public void text(String delta) {
    if (answer != null) {
      answer.print(delta);
      answer.flush();
      midLine = !delta.endsWith("\n");
    }
  }

  /** Progress starts on a line of its own, even in the middle of streamed text. */
  private void newLine() {
    if (midLine) {
      progress.println();
      midLine = false;
    }
  }

  @Override
  public void toolCall(ToolCall call) {
    String arguments = call.arguments().length() > SHOWN_ARGUMENTS
        ? call.arguments().substring(0, SHOWN_ARGUMENTS) + "…" : call.arguments();
    newLine();
    progress.println("  → " + call.name() + " " + arguments);
    progress.flush();
  }

  @Override
  public void toolResult(ToolCall call, ToolResult result) {
    if (result.error()) {
      String text = result.text().lines().findFirst().orElse("");
      newLine();
      progress.println("  ✗ " + call.name() + ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
      progress.flush();
    }
  }

  @Override
  public void notice(String message) {
    newLine();
    progress.println("  (" + message + ")");
    progress.flush();
  }
}
