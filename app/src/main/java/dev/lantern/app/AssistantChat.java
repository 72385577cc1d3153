package dev.lantern.app;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.ChatSession;
import dev.lantern.assistant.skills.Skill;
import dev.lantern.assistant.tools.Clarifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lantern assistant chat}: an interactive session. The answer streams as it comes; tool
 * calls show as they happen; Ctrl-C interrupts the turn and Ctrl-D (end of input) quits.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
    description = "Talk with the assistant. /help lists the commands; Ctrl-C interrupts a turn, Ctrl-D quits.")
final class AssistantChat implements Callable<Integer> {
  static final String HELP = """
      /new            start a new session (what is worth keeping is saved to memory first)
      /model [NAME]   show the model, or switch to another
      /memory         show what is in memory
      /skills         list the saved skills
      /help           this list
      Ctrl-C          interrupt the current answer
      Ctrl-D, /quit   leave""";

  @CommandLine.ParentCommand
  AssistantCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--continue", description = "Continue the latest session instead of starting one.")
  boolean resume;

  private PrintWriter out;
  private BufferedReader in;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    AtomicReference<Cancellation> current = new AtomicReference<>();
    try (Assistant assistant = parent.open();
        Interrupts ignored = Interrupts.onCtrlC(() -> {
          Cancellation turn = current.get();
          if (turn != null) {
            turn.cancel();
          } else {
            out.print("\n(Ctrl-D or /quit to leave)\nyou> ");
            out.flush();
          }
        })) {
      ChatSession session = AssistantCommand.session(assistant, resume, this::clarify);
      out.println("Lantern assistant, model " + session.model() + ", session " + session.sessionId()
          + ". /help for commands.");
      String line;
      while (prompt() && (line = in.readLine()) != null) {
        String text = line.strip();
        if (text.isEmpty()) {
          continue;
        }
        if (text.startsWith("/")) {
          if (!command(assistant, session, text)) {
            break;
          }
          continue;
        }
        Cancellation cancellation = new Cancellation();
        current.set(cancellation);
        TurnOutcome outcome;
        try {
          outcome = session.ask(text, new ConsoleListener(out, out), cancellation);
        } finally {
          current.set(null);
        }
        out.println();
        switch (outcome.status()) {
          case INTERRUPTED -> out.println("(interrupted)");
          case FAILED -> out.println("(failed: " + outcome.error().getMessage() + ")");
          default -> { }
        }
      }
      out.println();
      return 0;
    }
  }

  private boolean prompt() {
    out.print("you> ");
    out.flush();
    return true;
  }

  /** Runs a slash command; false means quit. */
  private boolean command(Assistant assistant, ChatSession session, String text) {
    String[] parts = text.split("\\s+", 2);
    switch (parts[0]) {
      case "/quit", "/exit" -> {
        return false;
      }
      case "/new" -> out.println("New session " + session.reset() + ".");
      case "/model" -> {
        if (parts.length > 1) {
          session.useModel(parts[1].strip());
        }
        out.println("Model: " + session.model());
      }
      case "/memory" -> out.println(assistant.memory().snapshot(true, true));
      case "/skills" -> {
        List<Skill> skills = assistant.skills().list();
        out.println(skills.isEmpty() ? "No skills yet." : "");
        skills.forEach(skill -> out.println("  " + skill.category() + "/" + skill.name() + ": " + skill.description()));
      }
      case "/help" -> out.println(HELP);
      default -> out.println("Unknown command " + parts[0] + ". /help lists them.");
    }
    return true;
  }

  /** The model's clarifying question, answered on the terminal; a number picks a choice. */
  private Optional<String> clarify(String question, List<String> choices) {
    out.println("\n? " + question);
    for (int i = 0; i < choices.size(); i++) {
      out.println("  " + (i + 1) + ". " + choices.get(i));
    }
    out.print("answer> ");
    out.flush();
    try {
      String answer = in.readLine();
      if (answer == null) {
        return Optional.empty();
      }
      String text = answer.strip();
      if (text.matches("\\d{1,2}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= choices.size()) {
        return Optional.of(choices.get(Integer.parseInt(text) - 1));
      }
      return Optional.of(text);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

}
