package dev.lantern.agent.llm;

import dev.lantern.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Finds tool calls that a model wrote as text instead of in {@code tool_calls}, a common failure of
 * small local models. The formats seen in the wild:
 * <ul>
 *   <li>{@code <tool_call>{"name": …, "arguments": {…}}</tool_call>} (Hermes, Qwen)
 *   <li>{@code <function=name>{…}</function>} (Llama 3.1)
 *   <li>{@code [TOOL_CALLS] [{"name": …, "arguments": {…}}]} (Mistral)
 *   <li>a bare or fenced JSON object or array of {@code {"name", "arguments"|"parameters"}}
 * </ul>
 * A call is accepted only when it parses and names a tool that exists: anything else that looks
 * like a call is reported, so the model can be told to use the tools API instead of the loop
 * guessing.
 */
public final class TextToolCalls {
  private static final Pattern TAGGED = Pattern.compile("(?s)<tool_call>\\s*(.*?)\\s*(</tool_call>|$)");
  private static final Pattern LLAMA = Pattern.compile("(?s)<function=([A-Za-z0-9_.-]+)>\\s*(.*?)\\s*</function>");
  private static final Pattern MISTRAL = Pattern.compile("(?s)\\[TOOL_CALLS\\]\\s*(.*)");
  private static final Pattern FENCED = Pattern.compile("(?s)```(?:json|tool_call|tool)?\\s*([\\[{].*?)\\s*```");

  private TextToolCalls() {}

  /** What was found in an answer's text. */
  public sealed interface Found {}

  /** No sign of a tool call: the text is an ordinary answer. */
  public record None() implements Found {}

  /** Calls that parsed and name known tools; {@code text} is what is left once they are removed. */
  public record Calls(List<ToolCall> calls, String text) implements Found {}

  /** Something that looks like a call but cannot be used; {@code problem} says why. */
  public record Unusable(String problem) implements Found {}

  public static Found find(String text, Set<String> knownTools) {
    if (text == null || text.isBlank() || knownTools.isEmpty()) {
      return new None();
    }
    List<String> candidates = new ArrayList<>();
    String rest = text;
    Matcher tagged = TAGGED.matcher(text);
    Matcher llama = LLAMA.matcher(text);
    Matcher mistral = MISTRAL.matcher(text);
    if (tagged.find()) {
      tagged.reset();
      while (tagged.find()) {
        candidates.add(tagged.group(1));
      }
      rest = TAGGED.matcher(text).replaceAll("");
    } else if (llama.find()) {
      List<ToolCall> calls = new ArrayList<>();
      llama.reset();
      while (llama.find()) {
        String name = llama.group(1);
        if (!knownTools.contains(name)) {
          return new Unusable("it names a tool that does not exist: '" + name + "'");
        }
        calls.add(new ToolCall(textCallId(), name, llama.group(2).isBlank() ? "{}" : llama.group(2)));
      }
      return new Calls(calls, LLAMA.matcher(text).replaceAll("").strip());
    } else if (mistral.find()) {
      candidates.add(mistral.group(1));
      rest = text.substring(0, mistral.start());
    } else {
      Matcher fenced = FENCED.matcher(text);
      if (fenced.find()) {
        candidates.add(fenced.group(1));
        rest = FENCED.matcher(text).replaceFirst("");
      } else if (text.strip().startsWith("{") || text.strip().startsWith("[")) {
        candidates.add(text.strip());
        rest = "";
      }
    }
    if (candidates.isEmpty()) {
      return new None();
    }
    return parse(candidates, rest.strip(), knownTools, !TAGGED.matcher(text).find() && !mistral.reset().find());
  }

  /**
   * {@code loose} is true when the only sign is JSON in the text: JSON that is not call-shaped is
   * then simply an answer that contains JSON, not a failed call.
   */
  private static Found parse(List<String> candidates, String rest, Set<String> knownTools, boolean loose) {
    List<ToolCall> calls = new ArrayList<>();
    for (String candidate : candidates) {
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(candidate);
      } catch (JacksonException e) {
        return loose ? new None() : new Unusable("its JSON does not parse");
      }
      for (JsonNode item : node.isArray() ? node : List.of(node)) {
        JsonNode name = item.path("name").isString() ? item.path("name") : item.path("function").path("name");
        JsonNode arguments = item.has("arguments") ? item.path("arguments")
            : item.has("parameters") ? item.path("parameters") : item.path("function").path("arguments");
        if (!name.isString()) {
          return loose ? new None() : new Unusable("it has no tool name");
        }
        if (!knownTools.contains(name.asString())) {
          return loose && calls.isEmpty() && !arguments.isObject() ? new None()
              : new Unusable("it names a tool that does not exist: '" + name.asString() + "'");
        }
        String argumentText = arguments.isString() ? arguments.asString()
            : arguments.isMissingNode() || arguments.isNull() ? "{}" : arguments.toString();
        calls.add(new ToolCall(textCallId(), name.asString(), argumentText));
      }
    }
    return calls.isEmpty() ? new None() : new Calls(calls, rest);
  }

  /** Unique across the conversation: one request may carry several turns' text calls. */
  private static String textCallId() {
    return ToolCall.newId();
  }
}
