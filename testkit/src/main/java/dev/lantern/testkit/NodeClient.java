package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs a script from {@code tests/node} (independent clients from npm, installed by {@code make
 * test-deps}) and returns the JSON it prints on its last line.
 */
public final class NodeClient {
  private NodeClient() {}

  public static JsonNode run(String script, String... args) throws Exception {
    Path node = ExternalTool.require("node", "apt-get install nodejs npm", "/usr/bin");
    Path dir = ExternalTool.projectRoot().resolve("tests/node");
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      ExternalTool.missing("the npm clients are not installed: run 'make test-deps' (npm ci --prefix tests/node)");
    }
    List<String> command = new ArrayList<>(List.of(node.toString(), dir.resolve(script).toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish within 60 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    String last = output.substring(output.lastIndexOf('\n') + 1);
    if (process.exitValue() != 0 || !last.startsWith("{")) {
      throw new AssertionError(script + " failed (exit " + process.exitValue() + "):\n" + output);
    }
    return Json.MAPPER.readTree(last);
  }
}
