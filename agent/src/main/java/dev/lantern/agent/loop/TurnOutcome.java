package dev.lantern.agent.loop;

import dev.lantern.agent.llm.LlmException;
import dev.lantern.agent.llm.Usage;

/**
 * How a user turn ended.
 *
 * @param answer the final text (empty unless answered)
 * @param iterations tool iterations used
 * @param error set when the turn failed: the model could not be used
 */
public record TurnOutcome(Status status, String answer, int iterations, Usage usage, LlmException error) {
  public enum Status { ANSWERED, INTERRUPTED, FAILED }

  public boolean answered() {
    return status == Status.ANSWERED;
  }
}
