package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.ExternalTool;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;

/**
 * The full tool list as clients see it (names, titles, descriptions, schemas, annotations) is kept
 * in src/test/resources/tools-snapshot.json, so that any change to it is a reviewed diff.
 * Regenerate with {@code ./mvnw -pl kube test -Dtest=ToolListSnapshotTest -Dlantern.updateSnapshots=true}.
 */
class ToolListSnapshotTest {
  private static final Path SNAPSHOT = Path.of("kube/src/test/resources/tools-snapshot.json");

  @Test
  void theToolListMatchesTheSnapshot() throws Exception {
    String actual;
    try (KubeMcpHarness harness = KubeMcpHarness.start()) {
      List<Map<String, Object>> tools = harness.client().listTools().tools().stream().map(ToolListSnapshotTest::entry).toList();
      actual = Json.MAPPER.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(tools) + "\n";
    }
    Path file = ExternalTool.projectRoot().resolve(SNAPSHOT);
    if (Boolean.getBoolean("lantern.updateSnapshots")) {
      Files.writeString(file, actual);
    }
    assertThat(actual).as("the tool list changed; if that is deliberate, regenerate " + SNAPSHOT
        + " with -Dlantern.updateSnapshots=true and review the diff").isEqualTo(Files.readString(file));
  }

  private static Map<String, Object> entry(Tool tool) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", tool.name());
    entry.put("title", tool.title());
    entry.put("description", tool.description());
    entry.put("inputSchema", tool.inputSchema());
    entry.put("annotations", tool.annotations());
    return entry;
  }
}
