package dev.lantern.assistant.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.common.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AssistantConfigTest {
  private static final String HERMES = """
      model:
        default: free
        base_url: http://lantern-gateway:4000/v1
        api_key: ${LANTERN_GATEWAY_KEY}
      mcp_servers:
        kubernetes:
          url: http://127.0.0.1:8080/mcp
          headers:
            Authorization: Bearer ${MCP_TOKEN:-none}
          timeout: 60
          connect_timeout: 5
          tools:
            exclude: [pods_log]
        files:
          command: npx
          args: ["-y", "@modelcontextprotocol/server-filesystem", "/data"]
          enabled: false
      memory:
        memory_char_limit: 3000
        nudge_interval: 5
      skills:
        creation_nudge_interval: 7
      agent:
        max_turns: 40
      terminal:
        backend: local
      """;

  @Test
  void hermesLayoutIsReadWithVariablesSubstituted() {
    AssistantConfig config = AssistantConfig.parse(HERMES, "config.yaml", Map.of("LANTERN_GATEWAY_KEY", "sk-1"));

    assertThat(config.model()).isEqualTo("free");
    assertThat(config.baseUrl()).isEqualTo("http://lantern-gateway:4000/v1");
    assertThat(config.apiKey()).isEqualTo("sk-1");
    assertThat(config.mcpServers()).hasSize(2);
    var kubernetes = config.mcpServers().getFirst();
    assertThat(kubernetes.headers()).containsEntry("Authorization", "Bearer none");
    assertThat(kubernetes.timeout()).hasSeconds(60);
    assertThat(kubernetes.offers("pods_list")).isTrue();
    assertThat(kubernetes.offers("pods_log")).isFalse();
    assertThat(config.mcpServers().get(1).enabled()).isFalse();
    assertThat(config.memory().memoryCharLimit()).isEqualTo(3000);
    assertThat(config.memory().userCharLimit()).isEqualTo(1375);
    assertThat(config.memory().reviewEveryUserTurns()).isEqualTo(5);
    assertThat(config.skills().reviewEveryToolIterations()).isEqualTo(7);
    assertThat(config.maxTurns()).isEqualTo(40);
    assertThat(config.toString()).doesNotContain("sk-1");
    assertThat(config.ignoredKeys()).containsExactly("terminal");
  }

  @Test
  void theEnvironmentOverridesTheModelSettings() {
    AssistantConfig config = AssistantConfig.parse(HERMES, "config.yaml", Map.of("LANTERN_GATEWAY_KEY", "sk-1",
        "OPENAI_API_BASE", "http://10.0.0.5:4000", "OPENAI_API_KEY", "sk-env", "LANTERN_MODEL", "cheap"));

    assertThat(config.baseUrl()).isEqualTo("http://10.0.0.5:4000");
    assertThat(config.apiKey()).isEqualTo("sk-env");
    assertThat(config.model()).isEqualTo("cheap");
  }

  @Test
  void theTelegramTokenIsTrimmedAndAMalformedOneIsRefusedWithoutBeingEchoed() {
    AssistantConfig config = AssistantConfig.parse("telegram:\n  allowed_users: [7, \"8\"]\n", "config.yaml",
        Map.of("TELEGRAM_BOT_TOKEN", "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345\n", "TELEGRAM_ALLOWED_USERS", "5, 6"));
    assertThat(config.telegram().botToken()).isEqualTo("123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345");
    assertThat(config.telegram().allowedUsers()).containsExactly(5L, 6L, 7L, 8L);
    assertThat(config.toString()).doesNotContain("ABCdef");

    assertThatThrownBy(() -> AssistantConfig.parse("", "config.yaml", Map.of("TELEGRAM_BOT_TOKEN", "secret-but-wrong")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telegram.bot_token")
        .hasMessageNotContaining("secret-but-wrong");
    assertThatThrownBy(() -> AssistantConfig.parse("", "config.yaml", Map.of("TELEGRAM_ALLOWED_USERS", "@ada")))
        .hasMessageContaining("numeric Telegram IDs");
    assertThatThrownBy(() -> AssistantConfig.parse("timezone: Mars/Olympus", "config.yaml", Map.of()))
        .hasMessageContaining("timezone");
  }

  @Test
  void strangersAreIgnoredByDefaultAndPairedWhenSaidAtTheTopOrUnderTelegram() {
    assertThat(AssistantConfig.parse("", "config.yaml", Map.of()).telegram().pairStrangers()).isFalse();
    assertThat(AssistantConfig.parse("unauthorized_dm_behavior: pair", "config.yaml", Map.of()).telegram()
        .pairStrangers()).isTrue();
    assertThat(AssistantConfig.parse("unauthorized_dm_behavior: pair\ntelegram:\n  unauthorized_dm_behavior: ignore",
        "config.yaml", Map.of()).telegram().pairStrangers()).as("the platform's own setting wins").isFalse();
    assertThatThrownBy(() -> AssistantConfig.parse("unauthorized_dm_behavior: welcome", "config.yaml", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unauthorized_dm_behavior")
        .hasMessageContaining("'ignore'").hasMessageContaining("'pair'");
  }

  @Test
  void memoryIsPerUserByDefaultOnlyWhenMoreThanOnePersonCanTalkToTheAssistant() {
    assertThat(perUser("", "5")).isFalse();
    assertThat(perUser("", "5,6")).isTrue();
    assertThat(perUser("telegram:\n  allow_all_users: true", "")).isTrue();
    assertThat(perUser("unauthorized_dm_behavior: pair", "5")).isTrue();
    assertThat(perUser("memory:\n  scope: global", "5,6")).isFalse();
    assertThat(perUser("memory:\n  scope: user", "5")).isTrue();
    assertThatThrownBy(() -> perUser("memory:\n  scope: family", "5")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("memory.scope").hasMessageContaining("'global'");
  }

  private static boolean perUser(String yaml, String allowed) {
    return AssistantConfig.parse(yaml, "config.yaml", Map.of("TELEGRAM_ALLOWED_USERS", allowed)).memory().perUser();
  }

  @Test
  void discordIsReadFromTheEnvironmentAndTheFileAndAMalformedTokenIsRefusedWithoutBeingEchoed() {
    String token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.abcdefghijklmnopqrstuvwxyz0123456789AB";
    AssistantConfig config = AssistantConfig.parse("discord:\n  allowed_users: [\"111111111111111111\"]\n"
        + "  home_channel: \"222222222222222222\"\n", "config.yaml",
        Map.of("DISCORD_BOT_TOKEN", token + "\n", "DISCORD_ALLOWED_USERS", "333333333333333333"));

    assertThat(config.discord().botToken()).isEqualTo(token);
    assertThat(config.discord().allowedUsers()).containsExactly(333333333333333333L, 111111111111111111L);
    assertThat(config.discord().homeChannel()).isEqualTo(222222222222222222L);
    assertThat(config.discord().toString()).doesNotContain("GxYzAb");
    assertThat(AssistantConfig.parse("", "config.yaml", Map.of()).discord().enabled()).isFalse();
    assertThatThrownBy(() -> AssistantConfig.parse("", "config.yaml", Map.of("DISCORD_BOT_TOKEN", "hunter2-not-a-token")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("discord.bot_token")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> AssistantConfig.parse("", "config.yaml", Map.of("DISCORD_ALLOWED_USERS", "@ada")))
        .hasMessageContaining("numeric Discord user IDs");
  }

  @Test
  void theApiServerIsReadFromEachOfHermessPlacesAndTheEnvironmentWins() {
    for (String yaml : List.of("gateway:\n  api_server: {enabled: true, key: from-config-1, model_name: my-hermes}",
        "gateway:\n  platforms:\n    api_server: {enabled: true, key: from-config-1, model_name: my-hermes}",
        "platforms:\n  api_server: {enabled: true, key: from-config-1, model_name: my-hermes}")) {
      AssistantConfig.ApiServerSettings api = AssistantConfig.parse(yaml, "config.yaml", Map.of()).apiServer();
      assertThat(api.enabled()).as(yaml).isTrue();
      assertThat(api.key()).as(yaml).isEqualTo("from-config-1");
      assertThat(api.modelName()).as(yaml).isEqualTo("my-hermes");
    }
    AssistantConfig.ApiServerSettings fromEnv = AssistantConfig.parse(
        "gateway:\n  api_server: {enabled: false, key: from-config-1, max_concurrent_runs: 0}", "config.yaml",
        Map.of("API_SERVER_ENABLED", "true", "API_SERVER_KEY", "from-env-22\n")).apiServer();
    assertThat(fromEnv.enabled()).isTrue();
    assertThat(fromEnv.key()).isEqualTo("from-env-22");
    assertThat(fromEnv.maxConcurrentRuns()).as("0 lifts the cap, as in Hermes").isEqualTo(Integer.MAX_VALUE);
    assertThat(fromEnv.toString()).doesNotContain("from-env-22");
    assertThat(AssistantConfig.parse("", "config.yaml", Map.of()).apiServer().enabled()).as("off by default").isFalse();
  }

  @Test
  void anEnabledApiServerNeedsAKeyAndAShortOneIsNotEchoed() {
    assertThatThrownBy(() -> AssistantConfig.parse("", "config.yaml", Map.of("API_SERVER_ENABLED", "true")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("API_SERVER_KEY");
    assertThatThrownBy(() -> AssistantConfig.parse("", "config.yaml",
        Map.of("API_SERVER_ENABLED", "true", "API_SERVER_KEY", "s3cr")))
        .hasMessageContaining("at least 8").hasMessageNotContaining("s3cr");
    assertThatThrownBy(() -> AssistantConfig.parse("", "config.yaml", Map.of("API_SERVER_ENABLED", "maybe")))
        .hasMessageContaining("API_SERVER_ENABLED");
  }

  @Test
  void aMissingFileMeansDefaults() {
    AssistantConfig config = AssistantConfig.load(Path.of("/nonexistent/config.yaml"), Map.of());

    assertThat(config.model()).isEqualTo("free");
    assertThat(config.baseUrl()).isEqualTo(AssistantConfig.DEFAULT_BASE_URL);
    assertThat(config.maxTurns()).isEqualTo(90);
    assertThat(config.memory().memoryCharLimit()).isEqualTo(2200);
    assertThat(config.mcpServers()).singleElement().satisfies(server -> {
      assertThat(server.name()).isEqualTo("kubernetes");
      assertThat(server.url()).hasToString("http://127.0.0.1:8080/mcp");
    });
    assertThat(AssistantConfig.parse("mcp_servers: {}", "config.yaml", Map.of()).mcpServers()).isEmpty();
  }

  @Test
  void mistakesNameTheKey() {
    assertError("model: [1, 2]", "model", "must be a mapping");
    assertError("agent:\n  max_turns: lots", "agent.max_turns", "");
    assertError("agent:\n  max_turns: 0", "agent.max_turns", "between 1 and 1000");
    assertError("model:\n  api_key: ${NOT_SET}", "model.api_key", "${NOT_SET}, which is not set");
    assertError("model:\n  base_url: gateway:4000", "model.base_url", "http://");
    assertError("mcp_servers:\n  k: {url: http://x/mcp, command: y}", "mcp_servers.k", "exactly one of");
    assertError("mcp_servers:\n  k: {url: 'ftp://x'}", "mcp_servers.k.url", "http://");
    assertError("mcp_servers:\n  k: {url: 'http://x/mcp', timeout: -1}", "mcp_servers.k.timeout", "seconds");
    assertError("compression:\n  threshold: 2", "compression.threshold", "at most 1");
    assertError("model: {default: free", "", "not valid YAML");
  }

  @Property(tries = 300)
  void anyTextIsAConfigOrAConfigException(@ForAll String yaml) {
    try {
      AssistantConfig.parse(yaml, "config.yaml", Map.of());
    } catch (ConfigException expected) {
      assertThat(expected.getMessage()).startsWith("config.yaml");
    }
  }

  private static void assertError(String yaml, String key, String reason) {
    assertThatThrownBy(() -> AssistantConfig.parse(yaml, "config.yaml", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(reason);
  }
}
