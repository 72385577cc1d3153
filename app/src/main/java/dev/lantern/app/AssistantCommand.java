package dev.lantern.app;

import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.ChatSession;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.tools.Clarifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantern assistant}: the personal assistant from the command line. */
@Command(
    name = "assistant",
    mixinStandardHelpOptions = true,
    description = "The personal assistant (Hermes Agent's job): memory, skills, sessions and MCP tools.",
    subcommands = {AssistantChat.class, AssistantAsk.class, AssistantDoctor.class, AssistantServe.class,
        AssistantCron.class, AssistantPairing.class})
final class AssistantCommand implements Runnable {
  /** How long start-up waits for MCP servers before the first turn; slower ones join later. */
  static final Duration MCP_WAIT = Duration.ofSeconds(10);
  /** The session source of the terminal commands. */
  static final String SOURCE = "cli";

  @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
      description = "The home directory (default: $LANTERN_HOME, else ~/.lantern).")
  Path home;

  @Option(names = "--model", paramLabel = "NAME", scope = CommandLine.ScopeType.INHERIT,
      description = "The model to ask (default: model.default in config.yaml, else 'free').")
  String model;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  LanternHome home() {
    return home != null ? new LanternHome(home.toAbsolutePath()) : LanternHome.locate(System.getenv());
  }

  /** The environment, with --model taking the place of LANTERN_MODEL. */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (model != null && !model.isBlank()) {
      env.put("LANTERN_MODEL", model);
    }
    return env;
  }

  Assistant open() throws InterruptedException {
    LanternHome prepared = home().prepare();
    AssistantConfig config = AssistantConfig.load(prepared.config(), environment());
    return Assistant.open(prepared, config, MCP_WAIT);
  }

  /** The terminal's conversation: the latest one continued, or a new one. */
  static ChatSession session(Assistant assistant, boolean resume, Clarifier clarifier) {
    return (resume ? assistant.resumeSession(SOURCE, clarifier) : java.util.Optional.<ChatSession>empty())
        .orElseGet(() -> assistant.startSession(SOURCE, clarifier));
  }
}
