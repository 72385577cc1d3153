package dev.lantern.app;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.ChatSession;
import dev.lantern.assistant.tools.Clarifier;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lantern assistant ask "…"}: one question, the answer on standard output, progress on
 * standard error, and a non-zero exit when no answer came.
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
    description = "Answer one question and exit (non-zero on failure). Tool calls are shown on standard error.")
final class AssistantAsk implements Callable<Integer> {
  static final int EXIT_INTERRUPTED = 130;

  @CommandLine.ParentCommand
  AssistantCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "The question (several words are joined).")
  List<String> words;

  @CommandLine.Option(names = "--continue", description = "Continue the latest session instead of starting one.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Cancellation cancellation = new Cancellation();
    try (Assistant assistant = parent.open();
        Interrupts ignored = Interrupts.onCtrlC(() -> {
          if (cancellation.isCancelled()) {
            Runtime.getRuntime().halt(EXIT_INTERRUPTED); // a second Ctrl-C: leave now
          }
          cancellation.cancel();
        })) {
      ChatSession session = AssistantCommand.session(assistant, resume, Clarifier.NOBODY);
      // Standard output gets the final answer only, not the narration between tool calls.
      TurnOutcome outcome = session.ask(String.join(" ", words), ConsoleListener.progressOnly(err), cancellation);
      if (outcome.answered()) {
        out.println(outcome.answer());
        out.flush();
      }
      // The reply is out; let the background reviews finish so that what they learnt is kept.
      assistant.reviewer().awaitIdle(Duration.ofSeconds(60));
      return switch (outcome.status()) {
        case ANSWERED -> 0;
        case INTERRUPTED -> {
          err.println("lantern: interrupted");
          yield EXIT_INTERRUPTED;
        }
        case FAILED -> {
          err.println("lantern: " + outcome.error().getMessage());
          yield Main.EXIT_FAILURE;
        }
      };
    }
  }
}
