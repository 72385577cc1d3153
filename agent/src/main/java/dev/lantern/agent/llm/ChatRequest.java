package dev.lantern.agent.llm;

import java.util.List;

/** One chat completion call. An empty {@code tools} list sends no tools at all. */
public record ChatRequest(String model, List<Message> messages, List<ToolSpec> tools, Integer maxTokens) {
  public ChatRequest {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  public ChatRequest withoutTools() {
    return new ChatRequest(model, messages, List.of(), maxTokens);
  }
}
