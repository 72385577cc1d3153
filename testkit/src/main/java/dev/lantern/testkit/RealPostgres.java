package dev.lantern.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql}) on a free loopback port, in a fresh data
 * directory, with password authentication over TCP. PostgreSQL refuses to run as root, so when
 * the tests run as root it runs as the {@code postgres} user through {@code runuser}.
 */
public final class RealPostgres implements AutoCloseable {
  public static final String USER = "lantern";
  public static final String PASSWORD = "pg-test-secret";

  private final Path bin;
  private final Path data;
  private final int port;

  private RealPostgres(Path bin, Path data, int port) {
    this.bin = bin;
    this.data = data;
    this.port = port;
  }

  public static RealPostgres start() throws Exception {
    Path bin = binaries();
    Path work = Files.createTempDirectory("lantern-pg");
    Path data = work.resolve("data");
    Path password = Files.writeString(work.resolve("pw"), PASSWORD);
    handOver(work);
    handOver(password);
    int port = PrometheusServer.freePort();
    run(bin.resolve("initdb"), "-D", data.toString(), "-U", USER, "--pwfile=" + password, "--auth-local=trust",
        "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8");
    run(bin.resolve("pg_ctl"), "-D", data.toString(), "-l", work.resolve("postgres.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -k " + work + " -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB "
            + "-c max_connections=50", "start");
    return new RealPostgres(bin, data, port);
  }

  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        if (newest.isPresent()) {
          return newest.get();
        }
      }
    }
    ExternalTool.missing("PostgreSQL is not installed (apt-get install postgresql)");
    throw new AssertionError("unreachable");
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** When we are root, the server's files must belong to the user it runs as. */
  private static void handOver(Path path) throws IOException {
    if (root()) {
      UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(path, users.lookupPrincipalByName("postgres"));
    }
  }

  private static void run(Path command, String... args) throws Exception {
    List<String> line = new ArrayList<>();
    if (root()) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.add(command.toString());
    line.addAll(List.of(args));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(command.getFileName() + " failed: " + output);
    }
  }

  public int port() {
    return port;
  }

  /** A new, empty database; its LiteLLM-style URL with the password in it. */
  public String createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  public String url(String database) {
    return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + database;
  }

  /** Stops the server at once, as a crash or a lost node would; {@link #restart()} brings it back. */
  public void stop() throws Exception {
    run(bin.resolve("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop");
  }

  public void restart() throws Exception {
    Path work = data.getParent();
    run(bin.resolve("pg_ctl"), "-D", data.toString(), "-l", work.resolve("postgres.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -k " + work + " -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB "
            + "-c max_connections=50", "start");
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } catch (AssertionError alreadyStopped) {
      // stopped by the test
    }
    try (Stream<Path> files = Files.walk(data.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
