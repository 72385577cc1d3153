package dev.lantern.assistant.home;

import dev.lantern.agent.loop.AgentSettings;
import dev.lantern.agent.mcp.McpServerConfig;
import dev.lantern.common.config.ConfigException;
import dev.lantern.common.config.ConfigNode;
import dev.lantern.common.secret.Secrets;
import dev.lantern.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The assistant's {@code config.yaml}, in Hermes's layout where the two overlap:
 * <pre>
 * model: {default, base_url, api_key, context_length}
 * mcp_servers: {name: {url | command, ...}}
 * memory: {memory_enabled, user_profile_enabled, memory_char_limit, user_char_limit,
 *          nudge_interval, review_prompt}
 * skills: {creation_nudge_interval, review_prompt}
 * agent: {max_turns}
 * compression: {enabled, threshold, protect_first_n, protect_last_n}
 * gateway: {api_server: {enabled, key, model_name, max_concurrent_runs}}
 * </pre>
 * String values may use {@code ${VAR}} or {@code ${VAR:-default}}. The environment overrides the
 * model: {@code OPENAI_API_BASE} or {@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY},
 * {@code LANTERN_MODEL}. A missing file means all defaults: the gateway on 127.0.0.1:4000 and
 * kube-mcp on 127.0.0.1:8080, as {@code lantern up} and the Helm chart lay them out. Keys Lantern does not use (Hermes has many:
 * {@code terminal}, {@code display}, …) are collected in {@code ignoredKeys}, which doctor shows.
 */
public record AssistantConfig(
    String model,
    String baseUrl,
    String apiKey,
    int contextLength,
    List<McpServerConfig> mcpServers,
    MemorySettings memory,
    SkillSettings skills,
    int maxTurns,
    Compression compression,
    TelegramSettings telegram,
    DiscordSettings discord,
    ApiServerSettings apiServer,
    java.time.ZoneId timezone,
    List<String> ignoredKeys) {

  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:4000/v1";
  public static final String DEFAULT_KUBE_MCP = "http://127.0.0.1:8080/mcp";
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  /** Memory settings; the char limits are Hermes's defaults. */
  public record MemorySettings(boolean memoryEnabled, boolean userProfileEnabled, int memoryCharLimit,
      int userCharLimit, int reviewEveryUserTurns, String reviewPrompt, boolean perUser) {}

  /** Skill settings: how often the background review looks for a procedure worth saving. */
  public record SkillSettings(int reviewEveryToolIterations, String reviewPrompt) {}

  /** Context compression. */
  public record Compression(boolean enabled, double threshold, int keepFirst, int keepLast) {}

  /**
   * The Telegram front end. {@code allowedUsers} is already the union of
   * {@code TELEGRAM_ALLOWED_USERS} and {@code telegram.allowed_users}; the token is a secret.
   */
  public record TelegramSettings(String botToken, String apiUrl, List<Long> allowedUsers, boolean allowAllUsers,
      String refusal, Long homeChat, boolean pairStrangers) {
    public static final String DEFAULT_API_URL = "https://api.telegram.org";

    public boolean enabled() {
      return botToken != null;
    }

    @Override
    public String toString() {
      return "TelegramSettings[token=" + (botToken == null ? "none" : "set") + ", api_url=" + apiUrl
          + ", allowed_users=" + allowedUsers + ", allow_all_users=" + allowAllUsers + ", pair_strangers="
          + pairStrangers + "]";
    }
  }

  /**
   * The Discord front end. {@code allowedUsers} is the union of {@code DISCORD_ALLOWED_USERS} and
   * {@code discord.allowed_users}; the token is a secret.
   */
  public record DiscordSettings(String botToken, String apiUrl, List<Long> allowedUsers, boolean allowAllUsers,
      String refusal, Long homeChannel, boolean pairStrangers) {
    public static final String DEFAULT_API_URL = "https://discord.com/api/v10";

    public boolean enabled() {
      return botToken != null;
    }

    @Override
    public String toString() {
      return "DiscordSettings[token=" + (botToken == null ? "none" : "set") + ", api_url=" + apiUrl
          + ", allowed_users=" + allowedUsers + ", allow_all_users=" + allowAllUsers + "]";
    }
  }

  /**
   * Hermes's OpenAI-compatible API server on {@code assistant serve}: off unless enabled, and then
   * only with a key, because it gives full use of the assistant's tools. The key is a secret.
   */
  public record ApiServerSettings(boolean enabled, String key, String modelName, int maxConcurrentRuns) {
    public static final String DEFAULT_MODEL_NAME = "lantern-assistant";
    public static final String HOW_TO_ENABLE = "set API_SERVER_ENABLED=true and API_SERVER_KEY (or gateway.api_server"
        + " in config.yaml)";
    public static final ApiServerSettings OFF = new ApiServerSettings(false, null, DEFAULT_MODEL_NAME, 10);

    /** Whether an {@code Authorization} header carries the key: Bearer, compared in constant time. */
    public boolean authorizes(String authorization) {
      if (!enabled || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return false;
      }
      return Secrets.constantTimeEquals(key, authorization.substring(7).strip());
    }

    @Override
    public String toString() {
      return "ApiServerSettings[enabled=" + enabled + ", key=" + (key == null ? "none" : "set") + ", model_name="
          + modelName + ", max_concurrent_runs=" + maxConcurrentRuns + "]";
    }
  }

  /** The base URL for messages: without user:password@ or query, which may hold credentials. */
  public String baseUrlForDisplay() {
    return baseUrl.replaceFirst("^(https?://)[^/@]*@", "$1").replaceFirst("\\?.*$", "");
  }

  /** The API key is a secret: never printed. */
  @Override
  public String toString() {
    return "AssistantConfig[model=" + model + ", base_url=" + baseUrlForDisplay() + ", api_key="
        + (apiKey == null ? "none" : "set")
        + ", mcp_servers=" + mcpServers.stream().map(McpServerConfig::name).toList() + "]";
  }

  public AgentSettings agentSettings() {
    return new AgentSettings(model, maxTurns, contextLength, compression.enabled() ? compression.threshold() : AgentSettings.NEVER,
        compression.keepFirst(), compression.keepLast(), 20_000);
  }

  public static AssistantConfig load(Path file, Map<String, String> env) {
    ConfigNode root = Files.exists(file) ? ConfigNode.parse(substituted(read(file), file.toString(), env),
        file.toString()) : ConfigNode.parse("{}", file.toString());
    return from(root, env);
  }

  public static AssistantConfig parse(String yaml, String name, Map<String, String> env) {
    return from(ConfigNode.parse(substituted(yaml, name, env), name), env);
  }

  private static AssistantConfig from(ConfigNode root, Map<String, String> env) {
    ConfigNode model = section(root, "model");
    String modelName = firstSet(env.get("LANTERN_MODEL"), model.string("default").orElse(null), AgentSettings.DEFAULT_MODEL);
    String baseUrl = firstSet(env.get("OPENAI_API_BASE"), env.get("OPENAI_BASE_URL"),
        model.string("base_url").orElse(null), DEFAULT_BASE_URL);
    if (!baseUrl.matches("https?://[^\\s/]+.*")) {
      throw new ConfigException(root.file(), "model.base_url", "must be an http:// or https:// URL");
    }
    String apiKey = firstSet(env.get("OPENAI_API_KEY"), model.string("api_key").orElse(null), null);
    int context = bounded(model, "context_length", 32_768, 1_024, 10_000_000);

    ConfigNode memory = section(root, "memory");
    ConfigNode telegram = section(root, "telegram");
    TelegramSettings telegramSettings = telegram(root, telegram, env);
    ConfigNode discord = section(root, "discord");
    DiscordSettings discordSettings = discord(root, discord, env);
    MemorySettings memorySettings = new MemorySettings(
        memory.bool("memory_enabled").orElse(true),
        memory.bool("user_profile_enabled").orElse(true),
        bounded(memory, "memory_char_limit", 2_200, 100, 100_000),
        bounded(memory, "user_char_limit", 1_375, 100, 100_000),
        bounded(memory, "nudge_interval", 10, 0, 10_000),
        memory.string("review_prompt").orElse(null),
        perUserMemory(memory.get("scope"), telegramSettings, discordSettings));
    ConfigNode skills = section(root, "skills");
    SkillSettings skillSettings = new SkillSettings(bounded(skills, "creation_nudge_interval", 10, 0, 10_000),
        skills.string("review_prompt").orElse(null));
    ConfigNode agent = section(root, "agent");
    int maxTurns = bounded(agent, "max_turns", 90, 1, 1_000);
    ConfigNode compression = section(root, "compression");
    double threshold = compression.number("threshold").orElse(0.5);
    if (threshold <= 0 || threshold > 1) {
      throw compression.get("threshold").invalid("must be above 0 and at most 1 (a share of the context window)");
    }
    Compression compressionSettings = new Compression(compression.bool("enabled").orElse(true), threshold,
        bounded(compression, "protect_first_n", 3, 1, 100), bounded(compression, "protect_last_n", 20, 2, 1_000));
    // Without an mcp_servers key, the stack's own sidecar: kube-mcp on 127.0.0.1:8080 (`mcp_servers: {}` for none).
    List<McpServerConfig> servers = root.has("mcp_servers") || root.json().has("mcp_servers")
        ? McpServerConfig.parseAll(root.get("mcp_servers")) : List.of(McpServerConfig.http("kubernetes", DEFAULT_KUBE_MCP));
    ConfigNode gateway = section(root, "gateway");
    ConfigNode apiServer = apiServerSection(root, gateway);
    ApiServerSettings apiServerSettings = apiServer(apiServer, env);
    for (ConfigNode section : List.of(root, model, memory, skills, agent, compression, telegram, discord, gateway,
        apiServer)) {
      section.noteUnreadKeys();
    }
    return new AssistantConfig(modelName, baseUrl.strip(), apiKey, context, servers, memorySettings, skillSettings,
        maxTurns, compressionSettings, telegramSettings, discordSettings, apiServerSettings, timezone(root, env),
        root.ignoredKeys());
  }

  /**
   * The user's time zone (IANA, e.g. Europe/Berlin): the clock in the system prompt and the zone of
   * job schedules. {@code timezone} in config, else {@code TZ}, else the machine's.
   */
  private static java.time.ZoneId timezone(ConfigNode root, Map<String, String> env) {
    String name = firstSet(root.string("timezone").orElse(null), env.get("TZ"), null);
    if (name == null) {
      return java.time.ZoneId.systemDefault();
    }
    try {
      return java.time.ZoneId.of(name.strip());
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(root.file(), "timezone", "is not a time zone: use an IANA name such as Europe/Berlin"
          + " or UTC");
    }
  }

  /**
   * {@code memory.scope}: {@code global} (one MEMORY/USER pair for everyone) or {@code user} (each
   * user their own, and session search over their own sessions only). Without it, {@code user}
   * as soon as more than one person can talk to the assistant: several allowed users, everyone,
   * or strangers who may pair.
   */
  private static boolean perUserMemory(ConfigNode scope, TelegramSettings telegram, DiscordSettings discord) {
    Optional<String> value = scope.asString();
    if (value.isEmpty()) {
      return telegram.allowedUsers().size() + discord.allowedUsers().size() > 1 || telegram.allowAllUsers()
          || telegram.pairStrangers() || discord.allowAllUsers() || discord.pairStrangers();
    }
    return switch (value.get().strip().toLowerCase(java.util.Locale.ROOT)) {
      case "global" -> false;
      case "user" -> true;
      default -> throw scope.invalid("must be 'global' (one memory everyone shares) or 'user' (each user their own"
          + " memory and sessions)");
    };
  }

  /**
   * Hermes's {@code unauthorized_dm_behavior}: {@code ignore} (the default) or {@code pair}, at the
   * top of config.yaml or under the platform's own section ({@code telegram:}, {@code discord:}), which wins.
   */
  private static boolean pairStrangers(ConfigNode root, ConfigNode platform) {
    ConfigNode node = platform.has("unauthorized_dm_behavior") ? platform.get("unauthorized_dm_behavior")
        : root.get("unauthorized_dm_behavior");
    String value = node.asString().orElse("ignore").strip().toLowerCase(java.util.Locale.ROOT);
    return switch (value) {
      case "ignore" -> false;
      case "pair" -> true;
      default -> throw node.invalid("must be 'ignore' (strangers get no answer, or telegram.refusal) or 'pair'"
          + " (strangers get a code for 'lantern assistant pairing approve')");
    };
  }

  private static TelegramSettings telegram(ConfigNode root, ConfigNode telegram, Map<String, String> env) {
    String token = firstSet(env.get("TELEGRAM_BOT_TOKEN"), telegram.string("bot_token").orElse(null), null);
    if (token != null) {
      token = token.strip(); // secrets mounted from files often end in a newline
      if (!token.matches("\\d{1,20}:[A-Za-z0-9_-]{20,100}")) {
        // Never echo it: it is a secret even when it is malformed.
        throw new ConfigException(telegram.file(), "telegram.bot_token", "(or TELEGRAM_BOT_TOKEN) does not look like a"
            + " bot token (digits, a colon, then letters, digits, '_' or '-'): copy it again from @BotFather");
      }
    }
    String apiUrl = firstSet(env.get("TELEGRAM_API_URL"), telegram.string("api_url").orElse(null),
        TelegramSettings.DEFAULT_API_URL);
    apiUrl = apiUrl.strip();
    if (!apiUrl.matches("https?://[^\\s/]+[^\\s]*")) {
      throw telegram.get("api_url").invalid("must be an http:// or https:// URL without spaces");
    }
    List<Long> allowed = new java.util.ArrayList<>(userIds(env.getOrDefault("TELEGRAM_ALLOWED_USERS", ""),
        "TELEGRAM_ALLOWED_USERS", telegram));
    for (String id : telegram.strings("allowed_users")) {
      allowed.addAll(userIds(id, "telegram.allowed_users", telegram));
    }
    Long homeChat = null;
    String home = firstSet(env.get("TELEGRAM_HOME_CHAT"), telegram.string("home_chat").orElse(null), null);
    if (home != null) {
      homeChat = userIds(home, "telegram.home_chat", telegram).getFirst();
    }
    return new TelegramSettings(token, apiUrl.replaceAll("/+$", ""), List.copyOf(allowed),
        telegram.bool("allow_all_users").orElse(false), telegram.string("refusal").orElse(null), homeChat,
        pairStrangers(root, telegram));
  }

  /** Hermes accepts the block as gateway.api_server, gateway.platforms.api_server or platforms.api_server. */
  private static ConfigNode apiServerSection(ConfigNode root, ConfigNode gateway) {
    for (ConfigNode candidate : List.of(gateway.get("api_server"), section(gateway, "platforms").get("api_server"),
        section(root, "platforms").get("api_server"))) {
      if (!candidate.isMissing()) {
        if (!candidate.isObject()) {
          throw candidate.invalid("must be a mapping");
        }
        return candidate;
      }
    }
    return gateway.get("api_server");
  }

  /** The environment wins over config.yaml, as in Hermes. */
  private static ApiServerSettings apiServer(ConfigNode section, Map<String, String> env) {
    String enabledText = firstSet(env.get("API_SERVER_ENABLED"), null);
    boolean enabled;
    if (enabledText != null) {
      if (!enabledText.strip().matches("(?i)true|false|1|0|yes|no")) {
        throw new ConfigException(section.file(), "API_SERVER_ENABLED", "must be true or false");
      }
      enabled = enabledText.strip().matches("(?i)true|1|yes");
    } else {
      enabled = section.bool("enabled").orElse(false);
    }
    String key = firstSet(env.get("API_SERVER_KEY"), section.string("key").orElse(null), null);
    key = key == null ? null : key.strip(); // secrets mounted from files often end in a newline
    if (enabled && (key == null || key.length() < 8)) {
      // Never echo it, even when it is too short to be one.
      throw new ConfigException(section.file(), section.path() + ".key", "(or API_SERVER_KEY) must be set, at least 8"
          + " characters, when the API server is enabled: it gives full use of the assistant's tools");
    }
    String modelName = firstSet(env.get("API_SERVER_MODEL_NAME"), section.string("model_name").orElse(null),
        ApiServerSettings.DEFAULT_MODEL_NAME).strip();
    if (!modelName.matches("[A-Za-z0-9._:/-]{1,64}")) {
      throw new ConfigException(section.file(), section.path() + ".model_name", "(or API_SERVER_MODEL_NAME) must be 1"
          + " to 64 letters, digits or . _ : / -");
    }
    int concurrent = bounded(section, "max_concurrent_runs", 10, 0, 1_000);
    return new ApiServerSettings(enabled, key, modelName, concurrent == 0 ? Integer.MAX_VALUE : concurrent); // 0: no cap
  }

  /** Comma- or space-separated numeric Telegram IDs; anything else is an error naming where it came from. */
  private static List<Long> userIds(String text, String where, ConfigNode node) {
    return ids(text, where, node, "numeric Telegram IDs (ask @userinfobot for yours)");
  }

  private static List<Long> ids(String text, String where, ConfigNode node, String what) {
    List<Long> ids = new java.util.ArrayList<>();
    for (String item : text.split("[,\\s]+")) {
      if (item.isBlank()) {
        continue;
      }
      String id = item.strip();
      try {
        if (!id.matches("-?\\d{1,19}")) {
          throw new NumberFormatException();
        }
        ids.add(Long.parseLong(id));
      } catch (NumberFormatException e) {
        throw new ConfigException(node.file(), where, "must hold " + what + ", got '"
            + (id.length() > 30 ? id.substring(0, 30) + "…" : id) + "'");
      }
    }
    return ids;
  }

  private static DiscordSettings discord(ConfigNode root, ConfigNode discord, Map<String, String> env) {
    String token = firstSet(env.get("DISCORD_BOT_TOKEN"), discord.string("bot_token").orElse(null), null);
    if (token != null) {
      token = token.strip();
      if (!token.matches("[A-Za-z0-9_-]{20,100}\\.[A-Za-z0-9_-]{4,20}\\.[A-Za-z0-9_-]{20,100}")) {
        // Never echo it: it is a secret even when it is malformed.
        throw new ConfigException(discord.file(), "discord.bot_token", "(or DISCORD_BOT_TOKEN) does not look like a"
            + " Discord bot token (three dot-separated parts of letters, digits, '_' or '-'): copy it again from the"
            + " Developer Portal, Bot → Reset Token");
      }
    }
    String apiUrl = firstSet(env.get("DISCORD_API_URL"), discord.string("api_url").orElse(null),
        DiscordSettings.DEFAULT_API_URL).strip();
    if (!apiUrl.matches("https?://[^\\s/]+[^\\s]*")) {
      throw discord.get("api_url").invalid("must be an http:// or https:// URL without spaces");
    }
    String what = "numeric Discord user IDs (Developer Mode → right-click yourself → Copy User ID)";
    List<Long> allowed = new java.util.ArrayList<>(ids(env.getOrDefault("DISCORD_ALLOWED_USERS", ""),
        "DISCORD_ALLOWED_USERS", discord, what));
    for (String id : discord.strings("allowed_users")) {
      allowed.addAll(ids(id, "discord.allowed_users", discord, what));
    }
    String home = firstSet(env.get("DISCORD_HOME_CHANNEL"), discord.string("home_channel").orElse(null), null);
    Long homeChannel = home == null ? null
        : ids(home, "discord.home_channel", discord, "a numeric Discord channel ID").getFirst();
    return new DiscordSettings(token, apiUrl.replaceAll("/+$", ""), List.copyOf(allowed),
        discord.bool("allow_all_users").orElse(false), discord.string("refusal").orElse(null), homeChannel,
        pairStrangers(root, discord));
  }

  private static ConfigNode section(ConfigNode root, String key) {
    ConfigNode node = root.get(key);
    if (!node.isMissing() && !node.isObject()) {
      throw node.invalid("must be a mapping");
    }
    return node;
  }

  private static int bounded(ConfigNode node, String key, int fallback, int min, int max) {
    int value = node.integer(key).orElse(fallback);
    if (value < min || value > max) {
      throw node.get(key).invalid("must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new ConfigException(file.toString(), "", "cannot read the file: " + e.getMessage());
    }
  }

  /**
   * Replaces {@code ${VAR}} in string values (not in keys or comments), after YAML parsing, so a
   * value with YAML syntax in it cannot change the file's structure. An unset variable without a
   * default is an error naming the key.
   */
  private static String substituted(String yaml, String name, Map<String, String> env) {
    ConfigNode parsed = ConfigNode.parse(yaml, name);
    JsonNode root = parsed.json().deepCopy();
    substitute(root, "", name, env);
    return Json.MAPPER.writeValueAsString(root);
  }

  private static void substitute(JsonNode node, String path, String file, Map<String, String> env) {
    if (node instanceof ObjectNode object) {
      for (String key : List.copyOf(object.propertyNames())) {
        JsonNode child = object.get(key);
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (child.isString()) {
          object.put(key, expand(child.asString(), childPath, file, env));
        } else {
          substitute(child, childPath, file, env);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isString()) {
          array.set(i, Json.NODES.stringNode(expand(array.get(i).asString(), path + "[" + i + "]", file, env)));
        } else {
          substitute(array.get(i), path + "[" + i + "]", file, env);
        }
      }
    }
  }

  private static String expand(String value, String path, String file, Map<String, String> env) {
    Matcher matcher = VARIABLE.matcher(value);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String replacement = env.get(matcher.group(1));
      if (replacement == null) {
        replacement = matcher.group(2);
      }
      if (replacement == null) {
        throw new ConfigException(file, path, "uses ${" + matcher.group(1) + "}, which is not set. Set it in the"
            + " environment or write ${" + matcher.group(1) + ":-default}");
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

}
