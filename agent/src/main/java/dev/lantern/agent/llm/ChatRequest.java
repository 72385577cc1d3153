package dev.lantern.agent.llm;

import java.util.List;

/**
 * One chat completion call. An empty {@code tools} list sends no tools at all; {@code forbidTools}
 * sends them with {@code tool_choice: "none"} (some providers reject a history of tool calls in a
 * request without tool definitions).
 */
public record ChatRequest(String model, List<Message> messages, List<ToolSpec> tools, Integer maxTokens,
    boolean forbidTools) {
  public ChatRequest {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  public ChatRequest(String model, List<Message> messages, List<ToolSpec> tools, Integer maxTokens) {
    this(model, messages, tools, maxTokens, false);
  }

  public ChatRequest withoutTools() {
    return new ChatRequest(model, messages, List.of(), maxTokens, false);
  }
}
