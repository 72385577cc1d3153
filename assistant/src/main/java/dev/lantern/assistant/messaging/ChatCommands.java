package dev.lantern.assistant.messaging;

import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.ChatSession;
import dev.lantern.assistant.ModelCatalog;
import java.util.List;
import java.util.Locale;

/** The chat commands: /new (/reset), /help, /status, /model [name], /memory, /stop. */
final class ChatCommands {
  /** Name and description of each command, for the platform's command menu. */
  static final List<String[]> MENU = List.of(
      new String[] {"new", "Start a new conversation"},
      new String[] {"stop", "Interrupt the current answer"},
      new String[] {"status", "Model, conversation length, tokens used"},
      new String[] {"model", "Show or switch the model"},
      new String[] {"memory", "What I remember"},
      new String[] {"help", "The commands"});

  private static final String HELP = """
      /new or /reset: start a new conversation (what is worth keeping is remembered)
      /stop: interrupt the current answer
      /status: the model, this conversation's length and the tokens it used
      /model [name]: show the model, or switch to another the gateway offers
      /memory: what I remember about you and your setup
      /help: this list""";

  private static final java.util.regex.Pattern COMMAND = java.util.regex.Pattern.compile(
      "^/([A-Za-z0-9_]{1,32})(@\\w+)?(\\s.*)?$", java.util.regex.Pattern.DOTALL);

  private final Assistant assistant;
  private final MessageRouter router;

  ChatCommands(Assistant assistant, MessageRouter router) {
    this.assistant = assistant;
    this.router = router;
  }

  /**
   * A command: one word after '/', possibly addressed ("/status@bot"). Anything else that starts
   * with '/' (a path such as /var/log/syslog) is a question for the agent.
   */
  static boolean isCommand(String text) {
    return COMMAND.matcher(text).matches();
  }

  /** Runs a command and returns the reply. */
  String run(Inbound message, String text) {
    String[] words = text.split("\\s+", 2);
    // "/status@my_bot" in groups
    String command = words[0].replaceFirst("@.*$", "").toLowerCase(Locale.ROOT);
    String argument = words.length > 1 ? words[1].strip() : "";
    return switch (command) {
      case "/start", "/help" -> HELP;
      case "/new", "/reset" -> {
        router.stop(message);
        ChatSession session = router.session(message);
        session.reset();
        yield "Started a new conversation.";
      }
      case "/stop" -> router.stop(message) ? "Stopping." : "Nothing is running.";
      case "/status" -> status(message);
      case "/model" -> model(message, argument);
      case "/memory" -> assistant.memoryFor(assistant.userOf(message.chatKey())).snapshot(true, true);
      default -> "Unknown command " + command + ". /help lists the commands.";
    };
  }

  private String status(Inbound message) {
    ChatSession session = router.session(message);
    var usage = session.usage();
    long servers = assistant.mcp().servers().stream().filter(s -> s.state() == dev.lantern.agent.mcp.McpServer.State.CONNECTED)
        .count();
    return "Model: " + session.model()
        + "\nConversation: " + (session.messages().size() - 1) + " messages (session " + session.sessionId() + ")"
        + "\nTokens used: " + usage.promptTokens() + " in, " + usage.completionTokens() + " out"
        + "\nWaiting messages: " + router.waiting(message)
        + "\nMCP servers connected: " + servers + " of " + assistant.mcp().servers().size();
  }

  private String model(Inbound message, String name) {
    ChatSession session = router.session(message);
    List<String> offered;
    try {
      offered = ModelCatalog.ids(assistant.config());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      offered = List.of();
    }
    if (name.isEmpty()) {
      return "Model: " + session.model() + (offered.isEmpty() ? "" : "\nAvailable: " + String.join(", ", offered));
    }
    if (offered.isEmpty()) {
      return "The gateway's model list is not available right now, so the model stays " + session.model() + ".";
    }
    if (!offered.contains(name)) {
      return "The gateway has no model '" + (name.length() > 60 ? name.substring(0, 60) + "…" : name)
          + "'. Available: " + String.join(", ", offered);
    }
    session.useModel(name);
    return "Model for this chat: " + name;
  }
}
