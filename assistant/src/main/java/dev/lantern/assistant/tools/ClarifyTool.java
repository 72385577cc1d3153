package dev.lantern.assistant.tools;

import dev.lantern.agent.tool.BaseTool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** {@code clarify}: asks the user a question, optionally with choices, and returns the answer. */
public final class ClarifyTool extends BaseTool {
  private static final int MAX_CHOICES = 10;
  private static final JsonNode SCHEMA = Tools.schema("""
      {"type":"object","properties":{
        "question":{"type":"string"},
        "choices":{"type":"array","items":{"type":"string"},"description":"up to 10 answers to pick from"}},
       "required":["question"]}""");

  private final Clarifier clarifier;

  public ClarifyTool(Clarifier clarifier) {
    super("clarify", "Ask the user a question when the request is ambiguous and a wrong guess would be costly. Offer choices"
        + " when there are a few obvious answers.", SCHEMA, false);
    this.clarifier = clarifier;
  }

  @Override
  public ToolResult call(ToolArgs arguments) throws ToolException, InterruptedException {
    String question = arguments.required("question");
    List<String> choices = arguments.strings("choices");
    if (choices.size() > MAX_CHOICES) {
      throw new ToolException("offer at most " + MAX_CHOICES + " choices");
    }
    Optional<String> answer = clarifier.ask(question, choices);
    return answer.map(text -> ToolResult.ok("the user answered: " + text))
        .orElse(ToolResult.ok("no user is available to answer; proceed with your best judgement and say what you"
            + " assumed"));
  }
}
