package dev.lantern.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A real Redis (Debian's {@code redis-server}) on a free loopback port, with a password and no persistence. */
public final class RealRedis implements AutoCloseable {
  public static final String PASSWORD = "redis-test-secret";

  private final Process process;
  private final int port;

  private RealRedis(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RealRedis start(Path workDir) throws Exception {
    Path binary = ExternalTool.require("redis-server", "apt-get install redis-server", "/usr/bin");
    Files.createDirectories(workDir);
    int port = PrometheusServer.freePort();
    Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--requirepass", PASSWORD, "--save", "", "--appendonly", "no", "--dir", workDir.toString())
        .redirectErrorStream(true).redirectOutput(workDir.resolve("redis.out").toFile()).start();
    RealRedis redis = new RealRedis(process, port);
    redis.awaitListening(Duration.ofSeconds(20));
    return redis;
  }

  public int port() {
    return port;
  }

  private void awaitListening(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("redis-server exited at start-up (exit " + process.exitValue() + ")");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("redis-server did not listen on " + port + " within " + timeout);
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
