package dev.lantern.agent.tool;

import dev.lantern.agent.llm.ToolCall;
import dev.lantern.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Runs the tool calls of one model answer. When every call is to a read-only tool they run in
 * parallel on virtual threads; otherwise one after another, in the model's order, because a write
 * may change what a later read sees. Results come back in call order either way.
 *
 * <p>Nothing a tool does ends the turn: unknown tools, JSON that does not parse, wrong argument
 * types and handler exceptions all become error results the model can read and correct.
 */
public final class ToolRunner {
  private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

  private final int maxResultChars;

  public ToolRunner(int maxResultChars) {
    this.maxResultChars = maxResultChars;
  }

  public List<ToolResult> run(List<ToolCall> calls, ToolBox.Snapshot tools) {
    boolean parallel = calls.size() > 1 && calls.stream().allMatch(call -> {
      Tool tool = tools.byName().get(call.name());
      return tool != null && tool.readOnly();
    });
    if (!parallel) {
      List<ToolResult> results = new ArrayList<>(calls.size());
      for (ToolCall call : calls) {
        results.add(runOne(call, tools));
      }
      return results;
    }
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<ToolResult>> futures = new ArrayList<>(calls.size());
      for (ToolCall call : calls) {
        futures.add(executor.submit(() -> runOne(call, tools)));
      }
      List<ToolResult> results = new ArrayList<>(calls.size());
      for (Future<ToolResult> future : futures) {
        results.add(join(future));
      }
      return results;
    }
  }

  private ToolResult runOne(ToolCall call, ToolBox.Snapshot tools) {
    Tool tool = tools.byName().get(call.name());
    if (tool == null) {
      return ToolResult.error("there is no tool named '" + abbreviate(call.name()) + "'. Available tools: "
          + String.join(", ", tools.byName().keySet().stream().sorted().toList()));
    }
    JsonNode arguments;
    try {
      arguments = Json.MAPPER.readTree(call.arguments());
    } catch (JacksonException e) {
      return ToolResult.error("the arguments for " + tool.name() + " are not valid JSON. Send one JSON object that"
          + " matches the tool's parameters");
    }
    if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
      arguments = Json.object();
    }
    if (!arguments.isObject()) {
      return ToolResult.error("the arguments for " + tool.name() + " must be a JSON object");
    }
    String missing = SchemaCheck.firstProblem(tool.parameters(), arguments);
    if (missing != null) {
      return ToolResult.error(missing);
    }
    try {
      ToolResult result = tool.call(new ToolArgs(arguments));
      return result == null ? ToolResult.ok("") : cap(result);
    } catch (ToolException e) {
      return ToolResult.error(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolResult.error("the tool call was interrupted");
    } catch (Exception | StackOverflowError e) {
      // The message for the log, the trace only at debug: a chat terminal shows warnings.
      log.warn("Tool {} failed: {}", tool.name(), e.toString());
      log.debug("Tool {} failure", tool.name(), e);
      return ToolResult.error(tool.name() + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
          : abbreviate(e.getMessage())));
    }
  }

  private ToolResult cap(ToolResult result) {
    String text = result.text();
    if (text.length() <= maxResultChars) {
      return result;
    }
    String kept = text.substring(0, maxResultChars);
    return new ToolResult(kept + "\n\n[output truncated: showing the first " + maxResultChars + " of " + text.length()
        + " characters. Ask for less: a narrower query, a filter or fewer lines]", result.error());
  }

  private static ToolResult join(Future<ToolResult> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      return ToolResult.error("the tool failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolResult.error("the tool call was interrupted");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
