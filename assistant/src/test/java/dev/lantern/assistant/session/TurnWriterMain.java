package dev.lantern.assistant.session;

import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.ToolCall;
import java.nio.file.Path;
import java.util.List;

/** Writes turns as fast as it can until it is killed: the other half of the durability test. */
public final class TurnWriterMain {
  static final int MESSAGES_PER_TURN = 4;

  private TurnWriterMain() {}

  public static void main(String[] args) {
    SessionStore store = SessionStore.open(Path.of(args[0]));
    String id = store.startSession("cli", "free");
    for (int turn = 0; ; turn++) {
      ToolCall call = new ToolCall("call_" + turn, "todo", "{}");
      store.appendTurn(id, List.of(Message.user("turn " + turn), Message.assistant("", List.of(call)),
          Message.toolResult(call, "x".repeat(2_000)), Message.assistant("done " + turn)));
    }
  }
}
