package dev.lantern.sre.investigate;

import dev.lantern.agent.llm.Message;
import java.util.List;

/**
 * One thing to investigate.
 *
 * @param ask        the user's question, or the alert as text
 * @param history    an earlier conversation to continue (HolmesGPT's {@code conversation_history}), or empty
 * @param model      the model group to ask, or null for the service's default
 * @param namespace  where the analyzers look, or null for every namespace
 * @param alertNames alert names this is about: runbooks that match them are offered
 */
public record Question(String ask, List<Message> history, String model, String namespace, List<String> alertNames) {
  public Question {
    history = List.copyOf(history);
    alertNames = List.copyOf(alertNames);
  }

  public static Question of(String ask) {
    return new Question(ask, List.of(), null, null, List.of());
  }
}
