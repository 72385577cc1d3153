package dev.lantern.assistant.cron;

import dev.lantern.agent.tool.BaseTool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;

/** {@code send_message}: the agent writes to the home chat, for example from a job. */
public final class SendMessageTool extends BaseTool {
  private final Scheduler.Delivery delivery;

  public SendMessageTool(Scheduler.Delivery delivery) {
    super("send_message", "Send a message to the user's home chat now (for alerts and job results).",
        Tools.schema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}"),
        false);
    this.delivery = delivery;
  }

  @Override
  public ToolResult call(ToolArgs arguments) throws ToolException {
    return delivery.deliver(Scheduler.HOME, arguments.required("text")) ? ToolResult.ok("sent")
        : ToolResult.error("no home chat to send to: set telegram.home_chat (or TELEGRAM_HOME_CHAT) to your chat id");
  }
}
