package dev.lantern.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a real component a test runs against (a Prometheus binary, Node with the npm clients).
 * In CI ({@code CI=true}) a missing component fails the test; on a developer's machine the test is
 * skipped with a message that names the package to install.
 */
public final class ExternalTool {
  private ExternalTool() {}

  /** The first executable found on PATH or in {@code extraPlaces}. */
  public static Path require(String command, String installHint, String... extraPlaces) {
    Optional<Path> found = find(command, extraPlaces);
    if (found.isPresent()) {
      return found.get();
    }
    missing(command + " is not installed (" + installHint + ")");
    throw new AssertionError("unreachable");
  }

  /** Fails in CI, skips elsewhere, with the same message. */
  public static void missing(String message) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI needs this component: " + message);
    }
    Assumptions.abort("skipped: " + message);
  }

  /** The project root (where the reactor POM is), from the lantern.root property Maven sets. */
  public static Path projectRoot() {
    String root = System.getProperty("lantern.root");
    if (root != null) {
      return Path.of(root);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the project root: run the tests through Maven");
    }
    return dir;
  }

  private static Optional<Path> find(String command, String... extraPlaces) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> places = new java.util.ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
    places.addAll(List.of(extraPlaces));
    for (String place : places) {
      if (place.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(place).resolve(command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
