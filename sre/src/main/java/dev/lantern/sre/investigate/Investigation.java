package dev.lantern.sre.investigate;

import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.Usage;
import java.time.Duration;
import java.util.List;

/**
 * What an investigation produced.
 *
 * @param answer     the model's answer, or, when it failed, what was learned and what failed
 * @param completed  false when the model failed or the investigation was cut short
 * @param toolCalls  every tool call made, the analyzers' first, with its result
 * @param history    the whole conversation, to continue it
 * @param findings   the kinds of problem the analyzers found
 * @param error      what failed, for the user (never a stack trace), or null
 */
public record Investigation(String answer, boolean completed, List<ToolCallRecord> toolCalls, List<Message> history,
    List<String> findings, List<String> runbooks, Usage usage, int steps, Duration duration, String model, String error) {

  /** One tool call and its result, as HolmesGPT reports it. */
  public record ToolCallRecord(String id, String tool, String arguments, String result, boolean failed) {}
}
