package dev.lantern.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A real forward HTTP proxy (Debian's tinyproxy) on a free loopback port, logging each connection it opens. */
public final class TinyProxy implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private TinyProxy(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static TinyProxy start(Path workDir) throws Exception {
    Path binary = ExternalTool.require("tinyproxy", "apt-get install tinyproxy", "/usr/bin");
    Files.createDirectories(workDir);
    int port = PrometheusServer.freePort();
    Path log = workDir.resolve("tinyproxy.log");
    Path config = Files.writeString(workDir.resolve("tinyproxy.conf"), """
        Port %d
        Listen 127.0.0.1
        Timeout 60
        LogFile "%s"
        LogLevel Info
        MaxClients 50
        Allow 127.0.0.1
        """.formatted(port, log));
    Process process = new ProcessBuilder(binary.toString(), "-d", "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(workDir.resolve("tinyproxy.out").toFile()).start();
    TinyProxy proxy = new TinyProxy(process, port, log);
    proxy.awaitListening(Duration.ofSeconds(20));
    return proxy;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Whether the proxy has opened a connection to this port on loopback (its log says so). */
  public boolean connectedTo(int upstreamPort) throws IOException {
    return Files.exists(log) && Files.readString(log).contains("opening connection to 127.0.0.1:" + upstreamPort);
  }

  private void awaitListening(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("tinyproxy exited at start-up (exit " + process.exitValue() + ")");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("tinyproxy did not listen on " + port + " within " + timeout);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
