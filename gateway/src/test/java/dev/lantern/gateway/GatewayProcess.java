package dev.lantern.gateway;

import dev.lantern.gateway.config.LiteLlmConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in its own JVM, as a second replica is: started from a config file, stopped with
 * SIGTERM. {@link #main} is what runs in the child.
 */
final class GatewayProcess implements AutoCloseable {
  private static final String READY = "LANTERN-GATEWAY-PORT ";

  private final Process process;
  private final int port;

  private GatewayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    Gateway gateway = Gateway.start(LiteLlmConfig.load(Path.of(args[0])), "127.0.0.1", 0);
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
    System.out.println(READY + gateway.port());
    System.out.flush();
    gateway.join();
  }

  static GatewayProcess start(Path config, Path home, Map<String, String> env) throws IOException {
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(), config.toString()))
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("LANTERN_HOME", home.toString());
    Process process = builder.start();
    Path log = Files.createDirectories(home).resolve("gateway.log");
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    StringBuilder seen = new StringBuilder();
    while ((line = out.readLine()) != null) {
      if (line.startsWith(READY)) {
        int port = Integer.parseInt(line.substring(READY.length()).strip());
        // Keep draining the child's output so it never blocks on a full pipe.
        Thread.ofVirtual().start(() -> drain(out, log));
        return new GatewayProcess(process, port);
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("the gateway process ended before listening:\n" + seen);
  }

  private static void drain(BufferedReader out, Path log) {
    try (var writer = Files.newBufferedWriter(log)) {
      String line;
      while ((line = out.readLine()) != null) {
        writer.write(line);
        writer.newLine();
        writer.flush();
      }
    } catch (IOException ended) {
      // the process is gone
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** SIGTERM, as Kubernetes stops a pod; waits for the gateway to finish its shutdown. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
