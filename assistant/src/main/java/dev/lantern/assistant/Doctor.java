package dev.lantern.assistant;

import dev.lantern.agent.mcp.McpServer;
import dev.lantern.agent.mcp.McpServers;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.HomeException;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.session.SessionStore;
import dev.lantern.assistant.session.SessionStoreException;
import dev.lantern.common.config.ConfigException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code lantern assistant doctor}: checks, in order, the home directory, the config, the session
 * database, the model endpoint and every MCP server, and says for each what is wrong and what to do.
 * A check that depends on a failed one is skipped rather than failing with a confusing second error.
 */
public final class Doctor {
  /** One line of the report. */
  public record Check(String name, boolean ok, String detail) {}

  private Doctor() {}

  public static List<Check> run(LanternHome home, Map<String, String> env, Duration mcpWait) throws InterruptedException {
    List<Check> checks = new ArrayList<>();
    try {
      home.prepare();
      checks.add(new Check("home", true, home.root() + (Files.exists(home.soul()) ? " (SOUL.md found)" : "")));
    } catch (HomeException e) {
      checks.add(new Check("home", false, e.getMessage()));
      return checks;
    }
    AssistantConfig config;
    try {
      config = AssistantConfig.load(home.config(), env);
      checks.add(new Check("config", true, (Files.exists(home.config()) ? home.config().toString() : "no config.yaml;"
          + " defaults") + ", model " + config.model() + " at " + config.baseUrlForDisplay()
          + (config.ignoredKeys().isEmpty() ? "" : "; not used by Lantern: " + String.join(", ", config.ignoredKeys()))));
    } catch (ConfigException e) {
      checks.add(new Check("config", false, e.getMessage()));
      return checks;
    }
    checks.add(database(home));
    checks.add(model(config));
    checks.addAll(mcp(config, mcpWait));
    return checks;
  }

  private static Check database(LanternHome home) {
    try (SessionStore store = SessionStore.open(home.stateDb())) {
      String integrity = store.integrityCheck();
      return new Check("state.db", integrity.equals("ok"), integrity.equals("ok")
          ? store.messageCount() + " messages saved" : "integrity check failed: " + integrity
          + ". Move state.db away to start afresh");
    } catch (SessionStoreException e) {
      return new Check("state.db", false, e.getMessage());
    }
  }

  /** Asks the endpoint's model list: cheap, free, and proves the URL and the key. */
  static Check model(AssistantConfig config) throws InterruptedException {
    ModelCatalog.Answer answer = ModelCatalog.fetch(config);
    String where = config.baseUrlForDisplay();
    if (answer.failure() instanceof ConnectException) {
      return new Check("model", false, "cannot connect to " + where + ". Is the gateway running?");
    }
    if (answer.failure() != null) {
      return new Check("model", false, "cannot reach " + where + ": " + answer.failure().getMessage());
    }
    if (answer.status() == 401 || answer.status() == 403) {
      return new Check("model", false, where + " refused the API key (HTTP " + answer.status()
          + "). Set model.api_key or OPENAI_API_KEY");
    }
    if (answer.status() != 200) {
      return new Check("model", false, where + "/models answered HTTP " + answer.status()
          + ". Check model.base_url (for the Lantern gateway: http://HOST:4000/v1)");
    }
    List<String> ids = answer.ids();
    if (!ids.isEmpty() && !ids.contains(config.model())) {
      return new Check("model", false, "the endpoint has no model '" + config.model() + "'; it offers: "
          + String.join(", ", ids.subList(0, Math.min(ids.size(), 10))) + ". Set model.default or LANTERN_MODEL");
    }
    return new Check("model", true, "'" + config.model() + "' is offered by " + where);
  }

  private static List<Check> mcp(AssistantConfig config, Duration wait) throws InterruptedException {
    List<Check> checks = new ArrayList<>();
    try (McpServers servers = McpServers.start(config.mcpServers()).awaitFirstAttempts(wait)) {
      for (McpServer server : servers.servers()) {
        boolean up = server.state() == McpServer.State.CONNECTED;
        checks.add(new Check("mcp " + server.name(), up, up
            ? server.config().location() + " over " + server.transport() + ", " + server.tools().size() + " tools"
            : server.config().location() + ": " + (server.lastError().isEmpty() ? "no answer within "
                + wait.toSeconds() + " s" : server.lastError())));
      }
    }
    config.mcpServers().stream().filter(server -> !server.enabled())
        .forEach(server -> checks.add(new Check("mcp " + server.name(), true, "disabled in config.yaml")));
    return checks;
  }
}
