package dev.lantern.assistant.home;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The assistant's home: {@code LANTERN_HOME}, else {@code ~/.lantern} ({@code /opt/data} in the
 * image). It holds {@code config.yaml}, {@code SOUL.md}, {@code memories/}, {@code skills/} and
 * {@code state.db}, the same layout as Hermes's {@code ~/.hermes}.
 */
public record LanternHome(Path root) {
  public static LanternHome locate(Map<String, String> env) {
    String configured = env.get("LANTERN_HOME");
    if (configured != null && !configured.isBlank()) {
      return new LanternHome(Path.of(configured).toAbsolutePath());
    }
    return new LanternHome(Path.of(System.getProperty("user.home"), ".lantern"));
  }

  public Path config() {
    return root.resolve("config.yaml");
  }

  public Path soul() {
    return root.resolve("SOUL.md");
  }

  public Path memories() {
    return root.resolve("memories");
  }

  public Path skills() {
    return root.resolve("skills");
  }

  public Path stateDb() {
    return root.resolve("state.db");
  }

  /** Creates what is missing and proves the directory is writable, or says why it is not. */
  public LanternHome prepare() {
    try {
      Files.createDirectories(memories());
      Files.createDirectories(skills());
      Path probe = Files.createTempFile(root, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (AccessDeniedException e) {
      throw new HomeException("the home directory " + root + " is not writable (" + e.getFile()
          + "). Fix its permissions or set LANTERN_HOME to a directory you own");
    } catch (IOException e) {
      throw new HomeException("the home directory " + root + " cannot be used: " + e.getMessage()
          + ". Set LANTERN_HOME to a writable directory");
    }
    if (!Files.isReadable(root) || !Files.isReadable(memories()) || !Files.isReadable(skills())) {
      throw new HomeException("the home directory " + root + " is not readable. Fix its permissions or set LANTERN_HOME");
    }
    return this;
  }
}
