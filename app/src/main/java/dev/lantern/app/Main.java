package dev.lantern.app;

import dev.lantern.common.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lantern} command. Each service is a subcommand; errors end in one clear line and a
 * non-zero exit, never a stack trace.
 */
@Command(
    name = "lantern",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A self-hosted AI agent stack for small Kubernetes clusters.",
    subcommands = {GatewayCommand.class, KubeMcpCommand.class, AssistantCommand.class, SreCommand.class, UpCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code for a configuration the user must fix. */
  static final int EXIT_CONFIG = 2;
  /** Exit code for a failure Lantern could not recover from. */
  static final int EXIT_FAILURE = 1;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    configureLogging(args);
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with the given output streams (tests must not exit the JVM or print). */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(Main::handleFailure);
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int handleFailure(Exception failure, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (failure instanceof ConfigException config) {
      err.println("lantern: invalid config: " + config.getMessage());
      return EXIT_CONFIG;
    }
    if (failure instanceof dev.lantern.assistant.home.HomeException
        || failure instanceof dev.lantern.assistant.session.SessionStoreException
        || failure instanceof dev.lantern.assistant.pairing.PairingException) {
      err.println("lantern: " + failure.getMessage());
      return EXIT_FAILURE;
    }
    if (failure instanceof IllegalStateException || failure instanceof IllegalArgumentException) {
      err.println("lantern: " + failure.getMessage());
      return EXIT_FAILURE;
    }
    err.println("lantern: unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage()
        + " (set LANTERN_LOG_LEVEL=debug for details)");
    if ("debug".equalsIgnoreCase(System.getenv("LANTERN_LOG_LEVEL"))) {
      failure.printStackTrace(err);
    }
    return EXIT_FAILURE;
  }

  /** slf4j-simple reads system properties once, so they are set before the first logger. */
  private static void configureLogging(String[] args) {
    String level = System.getenv("LANTERN_LOG_LEVEL");
    if (level != null && !level.isBlank()) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.toLowerCase(java.util.Locale.ROOT));
    } else if (args.length > 0 && args[0].equals("assistant") && !(args.length > 1 && args[1].equals("serve"))) {
      // A terminal conversation: only what the user must know, not the services' start-up chatter.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"lantern " + (version == null ? "dev" : version)};
    }
  }
}
