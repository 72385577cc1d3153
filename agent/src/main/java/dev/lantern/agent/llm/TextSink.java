package dev.lantern.agent.llm;

/** Receives the answer's text as it streams in. */
@FunctionalInterface
public interface TextSink {
  TextSink IGNORE = delta -> { };

  void text(String delta);
}
