package dev.lantern.agent.llm;

import java.util.List;

/**
 * One chat message. {@code toolCalls} is set only on assistant messages that call tools;
 * {@code toolCallId} and {@code name} only on tool results.
 */
public record Message(Role role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {
  public Message {
    content = content == null ? "" : content;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static Message system(String text) {
    return new Message(Role.SYSTEM, text, null, null, null);
  }

  public static Message user(String text) {
    return new Message(Role.USER, text, null, null, null);
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, text, null, null, null);
  }

  public static Message assistant(String text, List<ToolCall> calls) {
    return new Message(Role.ASSISTANT, text, calls, null, null);
  }

  public static Message toolResult(ToolCall call, String text) {
    return new Message(Role.TOOL, text, null, call.id(), call.name());
  }

  public boolean callsTools() {
    return !toolCalls.isEmpty();
  }

  public Message withContent(String text) {
    return new Message(role, text, toolCalls, toolCallId, name);
  }

  /** Characters this message puts in a prompt: content plus tool-call names and arguments. */
  public int size() {
    int size = content.length();
    for (ToolCall call : toolCalls) {
      size += call.name().length() + call.arguments().length();
    }
    return size;
  }
}
