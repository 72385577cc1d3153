package dev.lantern.agent.llm;

/** The model's answer to one call: an assistant message, why it stopped, and what it cost. */
public record ChatResponse(Message message, String finishReason, Usage usage) {}
