package dev.lantern.app;

import dev.lantern.gateway.Gateway;
import dev.lantern.gateway.config.GatewayConfig;
import dev.lantern.gateway.config.LiteLlmConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lantern gateway --config FILE [--port 4000]}: the LiteLLM-compatible LLM gateway. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Run the LLM gateway: an OpenAI-compatible router that reads LiteLLM's config.yaml,",
      "falls back along its fallback chains and exports LiteLLM's Prometheus metrics."
    })
final class GatewayCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "A LiteLLM proxy config.yaml (model_list, router_settings, litellm_settings, general_settings).")
  Path config;

  @Option(names = "--port", defaultValue = "4000", paramLabel = "PORT", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--check", description = "Read and validate the config, print a summary, and exit.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    GatewayConfig gatewayConfig = LiteLlmConfig.load(config);
    if (check) {
      PrintWriter out = spec.commandLine().getOut();
      List<String> warnings = Gateway.check(gatewayConfig, System.getenv());
      out.println(config + ": ok, models " + gatewayConfig.modelNames()
          + (warnings.isEmpty() ? "" : ", " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings")));
      warnings.forEach(warning -> out.println("  warning: " + warning));
      gatewayConfig.ignoredKeys().forEach(key -> out.println("  ignored: " + key));
      out.flush();
      return 0;
    }
    Gateway gateway = Gateway.start(gatewayConfig, host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
    gateway.join();
    return 0;
  }
}
