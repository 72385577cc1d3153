package dev.lantern.agent.loop;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.llm.ChatRequest;
import dev.lantern.agent.llm.ChatResponse;
import dev.lantern.agent.llm.LlmException;
import dev.lantern.agent.llm.LlmException.Kind;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.TextToolCalls;
import dev.lantern.agent.llm.ToolCall;
import dev.lantern.agent.llm.Usage;
import dev.lantern.agent.tool.ToolBox;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.ToolRunner;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool-calling loop: ask the model, run the tools it calls, give it the results, until it
 * answers in text, the user interrupts, or {@code max_turns} iterations are used up.
 *
 * <ul>
 *   <li>At 70% and 90% of the budget the model is told how much is left, in the last tool result.
 *   <li>Before every call the conversation is compressed if it has passed the threshold.
 *   <li>A model that rejects tools is asked again without them, and the user is told.
 *   <li>Tool calls written as text are run when they parse and name a real tool; otherwise the
 *       model is told what was wrong, at most twice.
 * </ul>
 */
public final class Agent {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final int MAX_TEXT_CALL_CORRECTIONS = 2;

  private final ChatModel model;
  private final ToolBox tools;
  private final AgentSettings settings;
  private final ToolRunner runner;
  private final Compressor compressor;

  public Agent(ChatModel model, ToolBox tools, AgentSettings settings, Compressor.BeforeSummary beforeSummary) {
    this.model = model;
    this.tools = tools;
    this.settings = settings;
    this.runner = new ToolRunner(settings.maxToolResultChars());
    this.compressor = new Compressor(model, settings, beforeSummary);
  }

  public AgentSettings settings() {
    return settings;
  }

  public ToolBox tools() {
    return tools;
  }

  /** Runs one user turn to its end. Never throws for a model or tool failure: see the outcome. */
  public TurnOutcome run(Conversation conversation, String userText, TurnListener listener, Cancellation cancellation) {
    conversation.add(Message.user(userText));
    return new Turn(conversation, listener, cancellation).run();
  }

  /** The state of one user turn. */
  private final class Turn {
    private final Conversation conversation;
    private final TurnListener listener;
    private final Cancellation cancellation;
    private Usage usage = Usage.NONE;
    private int iterations;
    private int corrections;
    private boolean toolsRejected;
    private boolean warned70;
    private boolean warned90;

    Turn(Conversation conversation, TurnListener listener, Cancellation cancellation) {
      this.conversation = conversation;
      this.listener = listener;
      this.cancellation = cancellation;
    }

    TurnOutcome run() {
      try {
        while (true) {
          if (cancellation.isCancelled()) {
            return interrupted();
          }
          if (compressor.needed(conversation)) {
            listener.notice(compressor.compress(conversation, cancellation, false));
          }
          boolean lastChance = iterations >= settings.maxTurns();
          ToolBox.Snapshot snapshot = tools.snapshot();
          if (lastChance) {
            conversation.add(Message.user("[The tool budget of this turn (" + settings.maxTurns()
                + " iterations) is used up. Answer now with what you have, and say what is left to do.]"));
          }
          boolean offerTools = !toolsRejected && !snapshot.isEmpty();
          ChatResponse response = call(new ChatRequest(settings.model(), conversation.messages(),
              offerTools ? snapshot.specs() : List.of(), null, lastChance));
          usage = usage.plus(response.usage());
          Message answer = response.message();
          if (lastChance && answer.callsTools()) {
            // Calls it may not make: keep the text, so that no call is left without a result.
            answer = Message.assistant(answer.content().isBlank()
                ? "(stopped: the tool budget of " + settings.maxTurns() + " iterations is used up)" : answer.content());
          }
          if (!answer.callsTools() && !lastChance) {
            answer = textToolCalls(answer, snapshot);
            if (answer == null) {
              continue;
            }
          }
          conversation.add(answer);
          if (!answer.callsTools()) {
            return new TurnOutcome(TurnOutcome.Status.ANSWERED, answer.content(), iterations, usage, null);
          }
          iterations++;
          runTools(answer.toolCalls(), snapshot);
        }
      } catch (LlmException e) {
        if (e.kind() == Kind.CANCELLED) {
          return interrupted();
        }
        return new TurnOutcome(TurnOutcome.Status.FAILED, "", iterations, usage, e);
      }
    }

    /**
     * Sends a call, with the two recoveries that make sense here: without tools when the model
     * rejects them, and once more after a pause when the failure is transient or the answer empty.
     */
    private ChatResponse call(ChatRequest request) throws LlmException {
      try {
        return model.complete(request, listener::text, cancellation);
      } catch (LlmException e) {
        if (cancellation.isCancelled() || e.kind() == Kind.CANCELLED) {
          throw new LlmException(Kind.CANCELLED, "interrupted");
        }
        if (e.kind() == Kind.TOOLS_UNSUPPORTED && !request.tools().isEmpty()) {
          toolsRejected = true;
          listener.notice("the model " + settings.model() + " does not support tools; answering without them");
          return model.complete(request.withoutTools(), listener::text, cancellation);
        }
        if (e.kind() == Kind.CONTEXT_TOO_LONG) {
          listener.notice("the conversation is longer than the model's context; compressing it and asking again");
          listener.notice(compressor.compress(conversation, cancellation, true));
          return model.complete(new ChatRequest(request.model(), conversation.messages(), request.tools(),
              request.maxTokens(), request.forbidTools()), listener::text, cancellation);
        }
        if (e.kind().isTransient() || e.kind() == Kind.BAD_RESPONSE) {
          log.debug("Model call failed ({}); trying once more", e.getMessage());
          listener.notice("the model call failed (" + e.getMessage() + "); asking once more");
          pause();
          return model.complete(request, listener::text, cancellation);
        }
        throw e;
      }
    }

    /** Returns the answer to use, or null when the model was asked to try again. */
    private Message textToolCalls(Message answer, ToolBox.Snapshot snapshot) {
      Set<String> names = snapshot.byName().keySet();
      return switch (TextToolCalls.find(answer.content(), names)) {
        case TextToolCalls.None none -> answer;
        case TextToolCalls.Calls calls -> {
          listener.notice("the model wrote its tool call as text; running it");
          yield Message.assistant(calls.text(), calls.calls());
        }
        case TextToolCalls.Unusable unusable -> {
          if (corrections >= MAX_TEXT_CALL_CORRECTIONS) {
            listener.notice("the model keeps writing tool calls as text that cannot be used: " + unusable.problem());
            yield answer;
          }
          corrections++;
          conversation.add(answer);
          conversation.add(Message.user("[Your last message looks like a tool call written as text, but "
              + unusable.problem() + ". Call tools through the tool-calling interface with a tool from the list, "
              + "or answer in plain text.]"));
          yield null;
        }
      };
    }

    private void runTools(List<ToolCall> calls, ToolBox.Snapshot snapshot) {
      calls.forEach(listener::toolCall);
      List<ToolResult> results = runner.run(calls, snapshot);
      for (int i = 0; i < calls.size(); i++) {
        ToolCall call = calls.get(i);
        ToolResult result = results.get(i);
        listener.toolResult(call, result);
        String text = result.forModel();
        if (i == calls.size() - 1) {
          text += budgetNote();
        }
        conversation.add(Message.toolResult(call, text));
      }
    }

    private String budgetNote() {
      int max = settings.maxTurns();
      if (!warned90 && iterations >= Math.ceil(max * 0.9)) {
        warned90 = warned70 = true;
        return "\n\n[BUDGET WARNING: " + iterations + " of " + max + " tool iterations used. Finish now: answer with"
            + " what you have.]";
      }
      if (!warned70 && iterations >= Math.ceil(max * 0.7)) {
        warned70 = true;
        return "\n\n[BUDGET: " + iterations + " of " + max + " tool iterations used. Start wrapping up.]";
      }
      return "";
    }

    private TurnOutcome interrupted() {
      conversation.add(Message.assistant("[interrupted by the user]"));
      return new TurnOutcome(TurnOutcome.Status.INTERRUPTED, "", iterations, usage, null);
    }

    private void pause() throws LlmException {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException(Kind.CANCELLED, "interrupted");
      }
    }
  }
}
