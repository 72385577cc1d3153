package dev.lantern.assistant.serve;

import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.testkit.FakeOpenAi;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code assistant serve} on a free port over the scripted model "m", with no MCP servers and no
 * nudges, for the tests of its HTTP side (the API server and the web chat).
 */
public record ServedAssistant(Assistant assistant, AssistantServer server) implements AutoCloseable {
  public static ServedAssistant start(Path dir, FakeOpenAi model, Map<String, String> env) throws Exception {
    LanternHome home = new LanternHome(dir.resolve("home")).prepare();
    Files.writeString(home.config(), "memory:\n  nudge_interval: 0\nskills:\n  creation_nudge_interval: 0\n"
        + "mcp_servers: {}\n");
    Map<String, String> all = new HashMap<>(Map.of("OPENAI_API_BASE", model.baseUrl("m"), "LANTERN_MODEL", "m"));
    all.putAll(env);
    Assistant assistant = Assistant.open(home, AssistantConfig.load(home.config(), all), Duration.ofSeconds(1));
    return new ServedAssistant(assistant, AssistantServer.start(assistant, "127.0.0.1", 0, Duration.ofSeconds(10)));
  }

  public URI uri() {
    return server.uri();
  }

  @Override
  public void close() {
    server.close();
    assistant.close();
  }
}
