package dev.lantern.app;

import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.serve.AssistantServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantern assistant serve}: Telegram, /healthz and /metrics, until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the assistant for its messaging front ends (Telegram), with /healthz and /metrics.",
        "SIGTERM stops it gracefully: turns in flight finish (or are kept for the restart)."})
final class AssistantServe implements Callable<Integer> {
  @CommandLine.ParentCommand
  AssistantCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8642",
      description = "Port of /healthz and /metrics (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Address to listen on (default: 127.0.0.1, or 0.0.0.0 inside a pod).")
  String host;

  @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "25",
      description = "How long SIGTERM waits for turns in flight (default: ${DEFAULT-VALUE}; keep it under the pod's"
          + " terminationGracePeriodSeconds).")
  int graceSeconds;

  @Override
  public Integer call() throws Exception {
    String address = host != null ? host : System.getenv("KUBERNETES_SERVICE_HOST") != null ? "0.0.0.0" : "127.0.0.1";
    Assistant assistant = parent.open();
    AssistantServer server;
    try {
      server = AssistantServer.start(assistant, address, port, Duration.ofSeconds(graceSeconds));
    } catch (RuntimeException e) {
      assistant.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      assistant.close();
    }, "assistant-shutdown"));
    spec.commandLine().getOut().println("assistant serving /healthz and /metrics on " + server.uri());
    spec.commandLine().getOut().flush();
    server.join();
    return 0;
  }

}
