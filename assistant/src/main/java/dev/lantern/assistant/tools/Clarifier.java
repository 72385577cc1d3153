package dev.lantern.assistant.tools;

import java.util.List;
import java.util.Optional;

/** Asks the user a question on behalf of the model: the terminal, Telegram, or nobody. */
@FunctionalInterface
public interface Clarifier {
  /** For one-shot runs ({@code ask}) where nobody can answer. */
  Clarifier NOBODY = (question, choices) -> Optional.empty();

  /** The user's answer, or empty when no user can be asked. */
  Optional<String> ask(String question, List<String> choices) throws InterruptedException;
}
