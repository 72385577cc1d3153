package dev.lantern.app;

import dev.lantern.sre.SreService;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantern sre serve}: the HolmesGPT-compatible API, the Alertmanager receiver and the chat page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the chat page at /, HolmesGPT's /api/chat, /api/model, /healthz and /readyz, the",
        "Alertmanager webhook receiver at /api/alerts and /metrics. SRE_API_KEY protects /api/."})
final class SreServe implements Callable<Integer> {
  @CommandLine.ParentCommand
  SreCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "5050", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Address to listen on (default: 127.0.0.1, or 0.0.0.0 inside a pod).")
  String host;

  @Override
  public Integer call() throws Exception {
    String address = host != null ? host : System.getenv("KUBERNETES_SERVICE_HOST") != null ? "0.0.0.0" : "127.0.0.1";
    SreService service = SreService.start(parent.settings(), address, port);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "sre-shutdown"));
    spec.commandLine().getOut().println("sre serving the chat page and /api on " + service.uri());
    spec.commandLine().getOut().flush();
    service.join();
    return 0;
  }
}
