package dev.lantern.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading LiteLLM's config.yaml as LiteLLM defines it, and refusing broken ones clearly. */
class LiteLlmConfigTest {
  private static final String FULL = """
      model_list:
        - model_name: free
          litellm_params:
            model: openrouter/qwen/qwen3-coder:free
            api_key: os.environ/OPENROUTER_API_KEY
            rpm: 20
            tpm: "100000"
            timeout: 30
            stream_timeout: 12.5
          model_info:
            id: free-1
            mode: chat
        - model_name: local
          litellm_params:
            model: ollama/llama3.2
            api_base: http://ollama:11434
            input_cost_per_token: 0
            output_cost_per_token: 0.000001
            extra_headers: {X-Team: edge}
      router_settings:
        routing_strategy: least-busy
        num_retries: 3
        retry_after: 1
        timeout: 60
        allowed_fails: 2
        cooldown_time: 30
        fallbacks: [{"free": ["local"]}]
        context_window_fallbacks: [{"free": ["local"]}]
        content_policy_fallbacks: [{"local": ["free"]}]
        default_fallbacks: ["local"]
        max_fallbacks: 3
        redis_host: redis
      litellm_settings:
        callbacks: ["prometheus"]
        success_callback: ["langfuse"]
        drop_params: true
        request_timeout: 600
        set_verbose: false
      general_settings:
        master_key: os.environ/LITELLM_MASTER_KEY
        max_request_size_mb: 2
        database_url: postgres://nowhere
      """;

  @Test
  void readsEverySupportedKey() {
    GatewayConfig config = LiteLlmConfig.parse(FULL,
        Map.of("OPENROUTER_API_KEY", "sk-or-test", "LITELLM_MASTER_KEY", "sk-master"));

    DeploymentConfig free = config.deployments().get(0);
    assertThat(free.modelName()).isEqualTo("free");
    assertThat(free.provider()).isEqualTo("openrouter");
    assertThat(free.upstreamModel()).isEqualTo("qwen/qwen3-coder:free");
    assertThat(free.id()).isEqualTo("free-1");
    assertThat(free.apiKey().value()).contains("sk-or-test");
    assertThat(free.rpm()).contains(20);
    assertThat(free.tpm()).contains(100_000);
    assertThat(free.timeout()).contains(Duration.ofSeconds(30));
    assertThat(free.streamTimeout()).contains(Duration.ofMillis(12_500));
    DeploymentConfig local = config.deployments().get(1);
    assertThat(local.provider()).isEqualTo("ollama");
    assertThat(local.apiBase()).contains("http://ollama:11434");
    assertThat(local.outputCostPerToken()).contains(0.000001);
    assertThat(local.headers()).containsEntry("X-Team", "edge");
    assertThat(local.id()).as("generated when model_info.id is absent").matches("[0-9a-f]{64}");

    RouterSettings router = config.router();
    assertThat(router.routingStrategy()).isEqualTo(RouterSettings.RoutingStrategyName.LEAST_BUSY);
    assertThat(router.numRetries()).isEqualTo(3);
    assertThat(router.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(router.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(router.allowedFails()).isEqualTo(2);
    assertThat(router.cooldownTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(router.fallbacks()).isEqualTo(Map.of("free", List.of("local")));
    assertThat(router.contextWindowFallbacks()).isEqualTo(Map.of("free", List.of("local")));
    assertThat(router.contentPolicyFallbacks()).isEqualTo(Map.of("local", List.of("free")));
    assertThat(router.defaultFallbacks()).containsExactly("local");
    assertThat(router.maxFallbacks()).isEqualTo(3);

    assertThat(config.masterKey()).contains("sk-master");
    assertThat(config.maxRequestBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(config.dropParams()).isTrue();
    assertThat(config.callbacks()).containsExactly("prometheus", "langfuse");
    assertThat(config.metricsNeedKey()).isTrue();
  }

  @Test
  void unsupportedKeysAreListedAsIgnoredNotFatal() {
    GatewayConfig config = LiteLlmConfig.parse(FULL, Map.of("LITELLM_MASTER_KEY", "sk-master"));

    assertThat(config.ignoredKeys()).contains("litellm_settings.set_verbose", "model_list[0].model_info.mode");
    assertThat(config.ignoredKeys()).doesNotContain("router_settings.fallbacks", "model_list[0].litellm_params.rpm",
        "general_settings.database_url", "router_settings.redis_host");
  }

  @Test
  void databaseUrlIsReadAsLiteLlmWritesItAndNeverShowsThePassword() {
    GatewayConfig config = LiteLlmConfig.parse("""
        general_settings:
          master_key: sk-master
          database_url: os.environ/DATABASE_URL
          allow_requests_on_db_unavailable: true
          proxy_batch_write_at: 2
          disable_spend_logs: true
        """, Map.of("DATABASE_URL", "postgresql://litellm:s3cret-pw@db.home:5433/litellm?sslmode=disable"));

    DatabaseSettings database = config.database().orElseThrow();
    assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://db.home:5433/litellm?sslmode=disable");
    assertThat(database.user()).contains("litellm");
    assertThat(database.password()).contains("s3cret-pw");
    assertThat(database.shown()).isEqualTo("postgresql://litellm@db.home:5433/litellm");
    assertThat(database.toString() + config).doesNotContain("s3cret-pw");
    assertThat(database.allowRequestsWhenDown()).isTrue();
    assertThat(database.batchWriteInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(database.spendLogs()).isFalse();
  }

  @Test
  void redisIsReadFromHostPortAndPasswordOrFromAUrl() {
    GatewayConfig fields = LiteLlmConfig.parse("""
        router_settings: {redis_host: redis.home, redis_port: os.environ/REDIS_PORT, redis_password: os.environ/REDIS_PASSWORD}
        """, Map.of("REDIS_PORT", "6380", "REDIS_PASSWORD", "r3dis-pw"));
    GatewayConfig url = LiteLlmConfig.parse("router_settings: {redis_url: \"rediss://:r3dis-pw@cache:6390/2\"}", Map.of());

    RedisSettings first = fields.redis().orElseThrow();
    assertThat(first.host()).isEqualTo("redis.home");
    assertThat(first.port()).isEqualTo(6380);
    assertThat(first.password()).contains("r3dis-pw");
    RedisSettings second = url.redis().orElseThrow();
    assertThat(second.tls()).isTrue();
    assertThat(second.database()).isEqualTo(2);
    assertThat(second.password()).contains("r3dis-pw");
    assertThat(first + " " + second + fields.ignoredKeys()).doesNotContain("r3dis-pw").doesNotContain("redis_host");
    assertThatThrownBy(() -> LiteLlmConfig.parse("router_settings: {redis_host: h, redis_port: lots}", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("redis_port must be a number");
    assertThatThrownBy(() -> LiteLlmConfig.parse("router_settings: {redis_url: \"http://x:pw-9@h\"}", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("redis://").hasMessageNotContaining("pw-9");
  }

  @Test
  void keysLiveInLanternHomeByDefaultAndNeedAMasterKey(@TempDir Path home) {
    GatewayConfig withKey = LiteLlmConfig.parse("general_settings: {master_key: sk-master}",
        Map.of("LANTERN_HOME", home.toString()));
    GatewayConfig withoutKey = LiteLlmConfig.parse("general_settings: {}", Map.of("LANTERN_HOME", home.toString()));

    assertThat(withKey.database().orElseThrow().jdbcUrl()).isEqualTo("jdbc:sqlite:" + home.resolve("gateway.db"));
    assertThat(withoutKey.database()).isEmpty();
  }

  @Test
  void aDatabaseUrlThatIsNotOneSaysWhatWouldWorkWithoutEchoingIt() {
    assertThatThrownBy(() -> LiteLlmConfig.parse("general_settings: {master_key: k, database_url: \"mysql://u:pw-123@h/db\"}",
        Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("general_settings.database_url")
        .hasMessageContaining("postgresql://user:password@host:5432/db")
        .hasMessageNotContaining("pw-123");
  }

  @Test
  void missingApiKeyVariableDoesNotStopStartUp() {
    GatewayConfig config = LiteLlmConfig.parse(FULL, Map.of("LITELLM_MASTER_KEY", "sk-master"));

    Credential key = config.deployments().get(0).apiKey();
    assertThat(key.isMissing()).isTrue();
    assertThat(key.envVar()).contains("OPENROUTER_API_KEY");
    assertThat(key.toString()).doesNotContain("sk-");
  }

  @Test
  void masterKeyComesFromLiteLlmMasterKeyWhenTheConfigHasNone() {
    GatewayConfig config = LiteLlmConfig.parse("model_list: []", Map.of("LITELLM_MASTER_KEY", "sk-env"));

    assertThat(config.masterKey()).contains("sk-env");
    assertThat(config.toString()).doesNotContain("sk-env");
  }

  @Test
  void masterKeyNamingAnUnsetVariableStopsStartUp() {
    assertThatThrownBy(() -> LiteLlmConfig.parse("general_settings: {master_key: os.environ/NOPE}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("general_settings.master_key")
        .hasMessageContaining("NOPE");
  }

  @Test
  void environmentVariablesSectionFeedsOsEnvironReferences() {
    GatewayConfig config = LiteLlmConfig.parse("""
        environment_variables: {MY_BASE: "http://vllm:8000/v1"}
        model_list:
          - model_name: v
            litellm_params: {model: hosted_vllm/qwen, api_base: os.environ/MY_BASE}
        """, Map.of());

    assertThat(config.deployments().get(0).apiBase()).contains("http://vllm:8000/v1");
  }

  @Test
  void defaultsAreLiteLlms() {
    RouterSettings router = LiteLlmConfig.parse("model_list: []", Map.of()).router();

    assertThat(router.numRetries()).isEqualTo(2);
    assertThat(router.allowedFails()).isEqualTo(3);
    assertThat(router.cooldownTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(router.maxFallbacks()).isEqualTo(5);
    assertThat(router.routingStrategy()).isEqualTo(RouterSettings.RoutingStrategyName.SIMPLE_SHUFFLE);
  }

  @Test
  void wrongTypeNamesTheKeyPathAndTheValue() {
    assertThatThrownBy(() -> LiteLlmConfig.parse("router_settings: {num_retries: two}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config.yaml: router_settings.num_retries: expected a whole number, got \"two\"");
  }

  @Test
  void fallbackToAnUnknownModelIsRefused() {
    assertThatThrownBy(() -> LiteLlmConfig.parse("""
        model_list:
          - {model_name: free, litellm_params: {model: openai/x}}
        router_settings:
          fallbacks: [{free: [fre2]}]
        """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("router_settings.fallbacks[0].free")
        .hasMessageContaining("'fre2'");
  }

  @Test
  void unknownRoutingStrategyIsRefusedButLiteLlmsOthersAreAccepted() {
    assertThatThrownBy(() -> LiteLlmConfig.parse("router_settings: {routing_strategy: fastest}", Map.of()))
        .hasMessageContaining("unknown routing strategy 'fastest'");
    assertThat(LiteLlmConfig.parse("router_settings: {routing_strategy: latency-based-routing}", Map.of())
        .router().routingStrategy()).isEqualTo(RouterSettings.RoutingStrategyName.SIMPLE_SHUFFLE);
  }

  @Test
  void anEntryWithoutModelIsSkippedWithItsIndexAndTheRestIsServed() {
    GatewayConfig config = LiteLlmConfig.parse("""
        model_list:
          - {model_name: a, litellm_params: {model: openai/a}}
          - {model_name: b, litellm_params: {api_base: http://x}}
        """, Map.of());

    assertThat(config.deployments()).extracting(DeploymentConfig::modelName).containsExactly("a");
    assertThat(config.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.warning())
        .contains("model_list[1].litellm_params.model").contains("is required").contains("model 'b'")
        .contains("is skipped"));
    assertThat(config.modelNames()).as("b still exists, so fallbacks naming it keep working").containsExactly("a", "b");
  }

  @Test
  void aDeploymentThatIsOnlyAProviderPrefixIsSkippedNotFatal() {
    // Regression: LiteLLM's example configs carry "model: azure/" entries; Lantern refused the whole file.
    GatewayConfig config = LiteLlmConfig.parse("""
        model_list:
          - {model_name: gpt, litellm_params: {model: azure/}}
          - {model_name: free, litellm_params: {model: openrouter/qwen/qwen3-coder:free}}
        router_settings:
          fallbacks: [{free: [gpt]}]
        """, Map.of());

    assertThat(config.deployments()).extracting(DeploymentConfig::modelName).containsExactly("free");
    assertThat(config.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.warning())
        .contains("model_list[0].litellm_params.model").contains("no model after the provider prefix 'azure/'")
        .contains("deployment's name"));
    assertThat(config.router().fallbacks()).containsEntry("free", List.of("gpt"));
  }

  @Test
  void aValueOfTheWrongTypeInOneEntrySkipsThatEntryOnly() {
    GatewayConfig config = LiteLlmConfig.parse("""
        model_list:
          - {model_name: a, litellm_params: {model: openai/a, rpm: lots}}
          - {model_name: a, litellm_params: {model: openai/a2}}
          - not-a-mapping
        """, Map.of());

    assertThat(config.deployments()).extracting(DeploymentConfig::model).containsExactly("openai/a2");
    assertThat(config.skipped()).extracting(SkippedDeployment::warning).satisfiesExactly(
        first -> assertThat(first).contains("model_list[0].litellm_params.rpm: expected a whole number"),
        third -> assertThat(third).contains("model_list[2]").contains("must be a mapping").contains("this entry"));
  }

  @Test
  void numbersWithUnderscoresAreReadAsLiteLlmReadsThem() {
    // Regression: "tpm: 20_000" (PyYAML: 20000) was refused with "expected a whole number".
    GatewayConfig config = LiteLlmConfig.parse("""
        model_list:
          - model_name: a
            litellm_params: {model: openai/a, tpm: 20_000, rpm: 1_000, input_cost_per_token: 0.000_000_15}
        router_settings: {num_retries: 0x2, cooldown_time: 1_0}
        litellm_settings: {drop_params: yes}
        """, Map.of());

    DeploymentConfig a = config.deployments().get(0);
    assertThat(a.tpm()).contains(20_000);
    assertThat(a.rpm()).contains(1_000);
    assertThat(a.inputCostPerToken()).contains(0.00000015);
    assertThat(config.router().numRetries()).isEqualTo(2);
    assertThat(config.router().cooldownTime()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.dropParams()).isTrue();
  }

  @Test
  void wildcardRoutesAndAFallbackOnlyTheWildcardServesAreAccepted() {
    GatewayConfig config = LiteLlmConfig.parse("""
        model_list:
          - {model_name: free, litellm_params: {model: openrouter/qwen/qwen3-coder:free}}
          - {model_name: "*", litellm_params: {model: "openai/*"}}
          - {model_name: "anthropic/*", litellm_params: {model: "anthropic/*"}}
        router_settings:
          fallbacks: [{free: ["gpt-4o-mini"]}, {"gpt-4o-mini": ["anthropic/claude-haiku-4-5"]}]
        """, Map.of());

    assertThat(config.modelNames()).containsExactly("free", "*", "anthropic/*");
    assertThat(config.deployments().get(1).provider()).isEqualTo("openai");
    assertThat(config.deployments().get(1).upstreamModel()).isEqualTo("*");
    assertThat(config.router().fallbacks()).containsEntry("free", List.of("gpt-4o-mini"))
        .containsEntry("gpt-4o-mini", List.of("anthropic/claude-haiku-4-5"));
    assertThat(config.skipped()).isEmpty();
  }

  @Test
  void aWildcardModelUnderAnExactNameIsSkippedWithTheFix() {
    GatewayConfig config = LiteLlmConfig.parse("""
        model_list:
          - {model_name: gpt, litellm_params: {model: "openai/*"}}
        """, Map.of());

    assertThat(config.deployments()).isEmpty();
    assertThat(config.skipped().get(0).warning()).contains("model_name 'gpt' has none to fill it")
        .contains("model_name: \"*\"");
  }

  @Test
  void aFallbackNamesAModelNotAPattern() {
    assertThatThrownBy(() -> LiteLlmConfig.parse("""
        model_list:
          - {model_name: free, litellm_params: {model: openai/x}}
          - {model_name: "*", litellm_params: {model: "openai/*"}}
        router_settings:
          fallbacks: [{free: ["*"]}]
        """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("falls back to '*', a pattern");
  }

  @Test
  void aFallbackToANameNoRouteServesIsStillRefused() {
    assertThatThrownBy(() -> LiteLlmConfig.parse("""
        model_list:
          - {model_name: "openai/*", litellm_params: {model: "openai/*"}}
        router_settings:
          fallbacks: [{"openai/gpt-4o": ["gpt-4o"]}]
        """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("falls back to 'gpt-4o', which is not a model_name");
  }

  @Test
  void duplicateExplicitIdsSkipTheSecondEntryAndIdenticalEntriesGetDistinctIds() {
    GatewayConfig duplicate = LiteLlmConfig.parse("""
        model_list:
          - {model_name: a, litellm_params: {model: openai/a}, model_info: {id: same}}
          - {model_name: b, litellm_params: {model: openai/b}, model_info: {id: same}}
        """, Map.of());
    assertThat(duplicate.deployments()).extracting(DeploymentConfig::modelName).containsExactly("a");
    assertThat(duplicate.skipped().get(0).warning()).contains("model_list[1].model_info.id")
        .contains("already the id of model_list[0]");

    GatewayConfig twins = LiteLlmConfig.parse("""
        model_list:
          - {model_name: a, litellm_params: {model: openai/a}}
          - {model_name: a, litellm_params: {model: openai/a}}
        """, Map.of());
    assertThat(twins.deployments().get(0).id()).isNotEqualTo(twins.deployments().get(1).id());
  }

  @Test
  void impossibleNumbersAreRefused() {
    assertThatThrownBy(() -> LiteLlmConfig.parse("router_settings: {timeout: 0}", Map.of()))
        .hasMessageContaining("router_settings.timeout: must be more than 0 seconds");
    assertThatThrownBy(() -> LiteLlmConfig.parse("router_settings: {timeout: .nan}", Map.of()))
        .hasMessageContaining("router_settings.timeout: expected a number");
    assertThatThrownBy(() -> LiteLlmConfig.parse("general_settings: {max_request_size_mb: 4096}", Map.of()))
        .hasMessageContaining("at most 1024");
  }

  @Test
  void yamlSyntaxErrorNamesTheFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("litellm.yaml");
    Files.writeString(file, "model_list:\n  - model_name: a\n    litellm_params: {model: openai/a\n");

    assertThatThrownBy(() -> LiteLlmConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("not valid YAML at line");
  }

  @Test
  void includedFilesAddTheirModelsAndSettingsAsInLiteLlm(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("models/groq.yaml"), """
        model_list:
          - {model_name: fast, litellm_params: {model: groq/llama-3.1-8b-instant}}
        router_settings: {num_retries: 1}
        """);
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        include: [models/groq.yaml]
        model_list:
          - {model_name: free, litellm_params: {model: openrouter/qwen/qwen3-coder:free}}
        router_settings: {num_retries: 4}
        litellm_settings: {drop_params: true}
        """);

    GatewayConfig loaded = LiteLlmConfig.load(config, Map.of());

    assertThat(loaded.modelNames()).containsExactly("free", "fast");
    assertThat(loaded.router().numRetries()).as("an included key replaces the config's, as in LiteLLM").isEqualTo(1);
    assertThat(loaded.dropParams()).isTrue();
    assertThat(loaded.ignoredKeys()).doesNotContain("include");
  }

  @Test
  void aMissingIncludedFileIsNamed(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "include: models.yaml\n");

    assertThatThrownBy(() -> LiteLlmConfig.load(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(config + ": include: the included file " + dir.resolve("models.yaml") + " does not exist");
  }

  @Test
  void missingFileSaysSo(@TempDir Path dir) {
    assertThatThrownBy(() -> LiteLlmConfig.load(dir.resolve("nope.yaml"), Map.of()))
        .hasMessageEndingWith("nope.yaml: file not found");
  }

  @Test
  void theExampleConfigReproducesTheStacksVirtualModels() {
    GatewayConfig config = LiteLlmConfig.load(
        dev.lantern.testkit.ExternalTool.projectRoot().resolve("examples/gateway/config.yaml"), Map.of());

    assertThat(config.modelNames()).containsExactly("free", "free2", "cheap", "strong");
    assertThat(config.deployments()).extracting(DeploymentConfig::model).containsExactly(
        "openrouter/qwen/qwen3-coder:free", "openrouter/google/gemini-2.0-flash-exp:free",
        "openrouter/qwen/qwen-turbo", "openrouter/deepseek/deepseek-chat-v3-0324");
    assertThat(config.router().fallbacks()).isEqualTo(Map.of("free", List.of("free2"), "free2", List.of("cheap")));
    assertThat(config.ignoredKeys()).isEmpty();
  }

  /** Limits in every form PyYAML reads as a whole number reach the deployment as that number. */
  @Property(tries = 300)
  void aDeploymentsLimitsReadTheSameInEveryYamlForm(@ForAll @net.jqwik.api.constraints.IntRange(min = 1) int tpm,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 4) int form) {
    String written = switch (form) {
      case 0 -> String.format(java.util.Locale.ROOT, "%,d", tpm).replace(',', '_');
      case 1 -> "0x" + Integer.toHexString(tpm);
      case 2 -> "\"" + tpm + "\"";
      case 3 -> tpm + ".0";
      default -> "+" + tpm;
    };
    GatewayConfig config = LiteLlmConfig.parse("""
        model_list:
          - {model_name: a, litellm_params: {model: openai/a, tpm: %s, rpm: %s}}
        """.formatted(written, written), Map.of());

    assertThat(config.skipped()).isEmpty();
    assertThat(config.deployments().get(0).tpm()).as(written).contains(tpm);
    assertThat(config.deployments().get(0).rpm()).as(written).contains(tpm);
  }

  @Property(tries = 500)
  void anyTextEitherParsesOrFailsWithAConfigException(@ForAll("yamlish") String text) {
    try {
      LiteLlmConfig.parse(text, Map.of());
    } catch (ConfigException expected) {
      assertThat(expected.getMessage()).startsWith("config.yaml: ");
    }
  }

  @Provide
  Arbitrary<String> yamlish() {
    Arbitrary<String> fragments = Arbitraries.of("model_list:", "\n", "  - ", "model_name: ", "litellm_params:",
        "{", "}", "[", "]", ": ", "model: openai/x", "router_settings:", "fallbacks: ", "num_retries: ", "- free: ",
        "os.environ/X", "\"", "'", "&a", "*a", "!!binary", "42", "-1", "true", "null", "~", "general_settings:",
        "master_key: ", "max_request_size_mb: ", "timeout: ", "  ", "\t", "#", ",", "1e999");
    return fragments.list().ofMaxSize(30).map(parts -> String.join("", parts));
  }
}
