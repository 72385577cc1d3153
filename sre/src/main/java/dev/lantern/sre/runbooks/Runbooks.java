package dev.lantern.sre.runbooks;

import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import dev.lantern.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The runbooks shipped in the jar and those in {@code LANTERN_HOME/runbooks} (a file there with the
 * same name replaces the shipped one). A runbook's front matter says what it matches:
 *
 * <pre>
 * ---
 * title: A pod keeps crashing
 * match: [CrashLoopBackOff, KubePodCrashLooping]
 * ---
 * </pre>
 *
 * A file that cannot be read or parsed is skipped with one warning; it never stops the service.
 */
public final class Runbooks {
  private static final Logger log = LoggerFactory.getLogger(Runbooks.class);
  private static final List<String> SHIPPED = List.of("crash-loop", "oom-killed", "pvc-pending", "node-pressure",
      "image-pull");
  /** A runbook bigger than this is cut: it is advice for a model, not a manual. */
  private static final int MAX_CHARS = 8_000;

  private final Map<String, Runbook> byName;

  private Runbooks(Map<String, Runbook> byName) {
    this.byName = byName;
  }

  public static Runbooks load(Path directory) {
    Map<String, Runbook> byName = new LinkedHashMap<>();
    for (String name : SHIPPED) {
      try (InputStream in = Runbooks.class.getResourceAsStream("/runbooks/" + name + ".md")) {
        if (in != null) {
          parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), "shipped").ifPresent(r -> byName.put(name, r));
        }
      } catch (IOException e) {
        log.warn("Shipped runbook {} cannot be read: {}", name, e.getMessage());
      }
    }
    if (directory != null && Files.isDirectory(directory)) {
      try (Stream<Path> files = Files.list(directory)) {
        files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(file -> {
          String name = file.getFileName().toString().replaceAll("\\.md$", "");
          try {
            parse(name, Files.readString(file), file.toString()).ifPresent(r -> byName.put(name, r));
          } catch (IOException | RuntimeException e) {
            log.warn("Runbook {} skipped: cannot be read ({})", file, e.getClass().getSimpleName());
          }
        });
      } catch (IOException e) {
        log.warn("Runbooks in {} skipped: {}", directory, e.getMessage());
      }
    }
    return new Runbooks(byName);
  }

  public List<Runbook> all() {
    return List.copyOf(byName.values());
  }

  /** The runbooks that match any of these alert names or finding kinds, each once. */
  public List<Runbook> matching(Collection<String> keys) {
    return byName.values().stream().filter(r -> keys.stream().anyMatch(r::matches)).toList();
  }

  /** {@code fetch_runbook}: the model reads a runbook the prompt offered, by name. */
  public Tool tool() {
    return Tools.define("fetch_runbook",
        "Read a runbook: the team's steps for a known problem. Available: " + String.join(", ", byName.keySet()),
        Tools.schema("""
            {"type": "object", "required": ["name"], "properties": {
              "name": {"type": "string", "description": "The runbook's name"}}}"""),
        true, args -> {
          String name = args.required("name").strip().replaceAll("\\.md$", "");
          Runbook runbook = byName.get(name);
          if (runbook == null) {
            throw new ToolException("no runbook named '" + (name.length() > 60 ? name.substring(0, 60) + "…" : name)
                + "'; available: " + String.join(", ", byName.keySet()));
          }
          return ToolResult.ok("# " + runbook.title() + "\n" + runbook.body());
        });
  }

  static java.util.Optional<Runbook> parse(String name, String text, String source) {
    String body = text;
    String title = name;
    List<String> match = new ArrayList<>();
    if (text.startsWith("---")) {
      int end = text.indexOf("\n---", 3);
      if (end < 0) {
        log.warn("Runbook {} skipped: its front matter has no closing ---", source);
        return java.util.Optional.empty();
      }
      try {
        JsonNode front = Json.YAML.readTree(text.substring(3, end));
        title = front.path("title").asString(name);
        JsonNode matchNode = front.path("match");
        if (matchNode.isArray()) {
          matchNode.forEach(m -> match.add(m.asString("")));
        } else if (matchNode.isString()) {
          match.add(matchNode.asString());
        }
      } catch (JacksonException e) {
        log.warn("Runbook {} skipped: its front matter is not valid YAML", source);
        return java.util.Optional.empty();
      }
      body = text.substring(text.indexOf('\n', end + 1) + 1);
    }
    if (body.length() > MAX_CHARS) {
      body = body.substring(0, MAX_CHARS) + "\n[cut at " + MAX_CHARS + " characters]";
    }
    return java.util.Optional.of(new Runbook(name, title, match, body.strip(), source));
  }
}
