package dev.lantern.agent.llm;

import java.util.Locale;

/** The author of a chat message, as the OpenAI chat API names it. */
public enum Role {
  SYSTEM, USER, ASSISTANT, TOOL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String value) {
    return switch (value == null ? "" : value) {
      case "system", "developer" -> SYSTEM;
      case "user" -> USER;
      case "assistant" -> ASSISTANT;
      case "tool" -> TOOL;
      default -> throw new IllegalArgumentException("unknown message role '" + value + "'");
    };
  }
}
