package dev.lantern.gateway.config;

import dev.lantern.common.config.ConfigException;
import dev.lantern.common.config.ConfigNode;
import dev.lantern.common.json.Json;
import dev.lantern.common.secret.Secrets;
import dev.lantern.gateway.config.RouterSettings.RoutingStrategyName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads LiteLLM's proxy config.yaml as LiteLLM defines it: {@code model_list}, {@code
 * router_settings}, {@code litellm_settings}, {@code general_settings} and {@code
 * environment_variables}, with {@code os.environ/VAR} values.
 *
 * <p>Keys Lantern does not act on are collected in {@link GatewayConfig#ignoredKeys()} and logged
 * once; they never stop the gateway. A value of the wrong type, a fallback to a model that does
 * not exist or an unknown routing strategy stops start-up with the file, key path and reason.
 */
public final class LiteLlmConfig {
  private static final String ENV_PREFIX = "os.environ/";
  /** LiteLLM's latency buckets (prometheus.py, April 2026). */
  public static final List<Double> LITELLM_LATENCY_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0,
          300.0, 420.0, 600.0);
  public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;
  private static final Set<String> LITELLM_STRATEGIES_NOT_IMPLEMENTED =
      Set.of("usage-based-routing", "usage-based-routing-v2", "latency-based-routing",
          "cost-based-routing");

  private final Map<String, String> env;

  private LiteLlmConfig(Map<String, String> env) {
    this.env = env;
  }

  /** Reads a config file, resolving {@code os.environ/VAR} against the process environment. */
  public static GatewayConfig load(Path file) {
    return load(file, System.getenv());
  }

  public static GatewayConfig load(Path file, Map<String, String> env) {
    return read(withIncludes(ConfigNode.load(file), file), env);
  }

  /**
   * LiteLLM's {@code include: [models.yaml, ...]}: each file, relative to the config's folder, is
   * read in order; a list it holds is appended to the same list of the config ({@code
   * model_list}), any other key replaces the config's.
   */
  private static ConfigNode withIncludes(ConfigNode root, Path file) {
    ConfigNode include = root.get("include");
    if (include.isMissing()) {
      return root;
    }
    ObjectNode merged = ((ObjectNode) root.json()).deepCopy();
    merged.remove("include");
    Path folder = file.toAbsolutePath().getParent();
    for (String name : include.isScalar() ? List.of(include.asString().orElseThrow()) : root.strings("include")) {
      Path included = folder.resolve(name);
      if (!Files.isRegularFile(included)) {
        throw include.invalid("the included file " + included + " does not exist");
      }
      ConfigNode part = ConfigNode.load(included);
      for (Map.Entry<String, JsonNode> entry : part.json().properties()) {
        JsonNode mine = merged.get(entry.getKey());
        if (entry.getValue().isArray() && mine != null && mine.isArray()) {
          ((ArrayNode) mine).addAll((ArrayNode) entry.getValue());
        } else {
          merged.set(entry.getKey(), entry.getValue());
        }
      }
    }
    return ConfigNode.of(merged, root.file() + " (with " + include.json().toString().replace("\"", "") + ")");
  }

  public static GatewayConfig parse(String yaml, Map<String, String> env) {
    return read(ConfigNode.parse(yaml, "config.yaml"), env);
  }

  private static GatewayConfig read(ConfigNode root, Map<String, String> processEnv) {
    // LiteLLM copies environment_variables into os.environ at start-up, so they win.
    Map<String, String> env = new HashMap<>(processEnv);
    root.get("environment_variables").entries()
        .forEach((name, value) -> value.asString().ifPresent(v -> env.put(name, v)));
    return new LiteLlmConfig(env).readAll(root);
  }

  private GatewayConfig readAll(ConfigNode root) {
    ConfigNode litellm = root.get("litellm_settings");
    ConfigNode general = root.get("general_settings");
    ConfigNode routerNode = root.get("router_settings");

    List<SkippedDeployment> skipped = new ArrayList<>();
    Set<String> groups = new LinkedHashSet<>();
    List<DeploymentConfig> deployments = readModelList(root.get("model_list"), skipped, groups);
    RouterSettings router = readRouter(routerNode, litellm, new ModelNames(groups));

    List<String> callbacks = new ArrayList<>();
    for (String key : List.of("callbacks", "success_callback", "failure_callback")) {
      for (String callback : litellm.strings(key)) {
        if (!callbacks.contains(callback)) {
          callbacks.add(callback);
        }
      }
    }
    boolean dropParams = litellm.bool("drop_params").orElse(false);
    boolean metricsNeedKey = litellm.bool("require_auth_for_metrics_endpoint")
        .or(() -> general.bool("require_auth_for_metrics_endpoint"))
        .orElse(true);
    List<Double> buckets = readBuckets(litellm);
    Optional<String> masterKey = readMasterKey(general);
    long maxRequestBytes = general.number("max_request_size_mb")
        .map(mb -> {
          if (mb <= 0 || mb > 1024) {
            throw general.get("max_request_size_mb").invalid("must be more than 0 and at most 1024, got " + mb);
          }
          return (long) (mb * 1024 * 1024);
        })
        .orElse(DEFAULT_MAX_REQUEST_BYTES);

    Optional<Duration> healthCheckInterval = readHealthChecks(general);
    Optional<DatabaseSettings> database = readDatabase(general, masterKey.isPresent());
    Optional<RedisSettings> redis = readRedis(routerNode);
    GatewayConfig.ClientTimeouts clientTimeouts = new GatewayConfig.ClientTimeouts(
        seconds(general, "client_header_timeout", GatewayConfig.ClientTimeouts.DEFAULT.header()),
        seconds(general, "client_body_timeout", GatewayConfig.ClientTimeouts.DEFAULT.body()));

    for (ConfigNode section : List.of(root, litellm, general, routerNode)) {
      section.noteUnreadKeys();
    }
    return new GatewayConfig(root.file(), List.copyOf(deployments), List.copyOf(groups), List.copyOf(skipped), router,
        masterKey, metricsNeedKey, maxRequestBytes, dropParams, buckets, List.copyOf(callbacks),
        healthCheckInterval, database, redis, clientTimeouts, root.ignoredKeys());
  }

  /** A timeout in seconds (fractions allowed), above 0 and at most an hour. */
  private static Duration seconds(ConfigNode general, String key, Duration fallback) {
    return general.number(key).map(value -> {
      if (!(value > 0) || value > 3600) {
        throw general.get(key).invalid("must be more than 0 and at most 3600 seconds, got " + value);
      }
      return Duration.ofMillis((long) (value * 1000));
    }).orElse(fallback);
  }

  /** {@code redis_url} wins over {@code redis_host}/{@code redis_port}/{@code redis_password}, as in LiteLLM. */
  private Optional<RedisSettings> readRedis(ConfigNode router) {
    Optional<String> url = resolved(router, "redis_url").filter(u -> !u.isBlank());
    Optional<String> host = resolved(router, "redis_host").filter(h -> !h.isBlank());
    Optional<String> password = resolved(router, "redis_password");
    ConfigNode portNode = router.get("redis_port");
    try {
      if (url.isPresent()) {
        return Optional.of(RedisSettings.parse(url.get()));
      }
      if (host.isEmpty()) {
        return Optional.empty();
      }
      String rawPort = portNode.isMissing() ? "6379" : resolve(portNode);
      int number;
      try {
        number = Integer.parseInt(rawPort.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("redis_port must be a number, got '" + rawPort + "'");
      }
      return Optional.of(RedisSettings.of(host.get(), number, password));
    } catch (IllegalArgumentException e) {
      ConfigNode where = url.isPresent() ? router.get("redis_url") : router.get("redis_host");
      throw where.invalid(e.getMessage());
    }
  }

  /**
   * Keys and spend need the master key (only it can make keys), so without one there is no
   * database. With one: {@code database_url} or {@code DATABASE_URL}, else SQLite in LANTERN_HOME.
   */
  private Optional<DatabaseSettings> readDatabase(ConfigNode general, boolean hasMasterKey) {
    boolean allowWhenDown = general.bool("allow_requests_on_db_unavailable").orElse(false);
    boolean spendLogs = !general.bool("disable_spend_logs").orElse(false);
    Optional<Double> batchSeconds = general.number("proxy_batch_write_at");
    if (batchSeconds.isPresent() && (batchSeconds.get() < 0.1 || batchSeconds.get() > 3600)) {
      throw general.get("proxy_batch_write_at").invalid("must be between 0.1 and 3600 seconds, got " + batchSeconds.get());
    }
    Duration batch = batchSeconds.map(s -> Duration.ofMillis((long) (s * 1000))).orElse(DatabaseSettings.DEFAULT_BATCH_WRITE);
    Optional<String> url = resolved(general, "database_url")
        .or(() -> Optional.ofNullable(env.get("DATABASE_URL")))
        .filter(u -> !u.isBlank());
    if (!hasMasterKey) {
      return Optional.empty();
    }
    if (url.isEmpty()) {
      String home = Optional.ofNullable(env.get("LANTERN_HOME")).filter(h -> !h.isBlank())
          .orElse(System.getProperty("user.home") + "/.lantern");
      return Optional.of(DatabaseSettings.sqlite(java.nio.file.Path.of(home, "gateway.db"), allowWhenDown, batch, spendLogs));
    }
    try {
      return Optional.of(DatabaseSettings.parse(url.get(), allowWhenDown, batch, spendLogs));
    } catch (IllegalArgumentException e) {
      throw general.get("database_url").invalid("database_url " + e.getMessage());
    }
  }

  /** LiteLLM's defaults: background checks off, every 300 s when on. */
  private static Optional<Duration> readHealthChecks(ConfigNode general) {
    Optional<Double> interval = general.number("health_check_interval");
    if (interval.isPresent() && (interval.get() < 1 || interval.get() > 86_400)) {
      throw general.get("health_check_interval").invalid("must be between 1 and 86400 seconds, got " + interval.get());
    }
    if (!general.bool("background_health_checks").orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) (interval.orElse(300.0) * 1000)));
  }

  /**
   * The entries the gateway can serve. One it cannot (a bare provider prefix, a value of the
   * wrong type) is skipped with a warning instead of refusing the whole file: a LiteLLM config
   * often carries entries for providers Lantern does not serve, and the rest must still run.
   * Every {@code model_name} seen goes into {@code groups}, served or not.
   */
  private List<DeploymentConfig> readModelList(ConfigNode modelList, List<SkippedDeployment> skipped,
      Set<String> groups) {
    List<DeploymentConfig> deployments = new ArrayList<>();
    Map<String, String> ids = new HashMap<>();
    for (ConfigNode entry : modelList.items()) {
      Optional<String> name = modelName(entry);
      name.ifPresent(groups::add);
      try {
        if (!entry.isObject()) {
          throw entry.invalid("each model_list entry must be a mapping with model_name and litellm_params");
        }
        deployments.add(readDeployment(entry, ids));
        entry.noteUnreadKeys();
      } catch (ConfigException e) {
        String where = e.keyPath().isEmpty() ? e.file() : e.file() + ": " + e.keyPath();
        skipped.add(new SkippedDeployment(where, name, e.reason()));
      }
    }
    return deployments;
  }

  /** The entry's model_name if it has a usable one, without failing on a broken entry. */
  private static Optional<String> modelName(ConfigNode entry) {
    if (!entry.isObject() || !entry.get("model_name").isScalar()) {
      return Optional.empty();
    }
    return entry.get("model_name").asString().map(String::trim).filter(n -> !n.isEmpty());
  }

  private DeploymentConfig readDeployment(ConfigNode entry, Map<String, String> ids) {
    String modelName = entry.requiredString("model_name").trim();
    if (modelName.isEmpty()) {
      throw entry.get("model_name").invalid("must not be empty");
    }
    ConfigNode params = entry.get("litellm_params");
    if (params.isMissing()) {
      throw params.invalid("is required: it says which upstream model serves '" + modelName + "'");
    }
    String model = resolved(params, "model").orElseThrow(() -> params.get("model").invalid(
        "is required, e.g. openrouter/qwen/qwen3-coder:free"));
    ModelString split = ModelString.parse(model);
    String provider = split.provider();
    String upstreamModel = split.model();
    if (upstreamModel.isBlank()) {
      throw params.get("model").invalid("names no model after the provider prefix '" + provider + "/'; write "
          + provider + "/<model>" + (provider.equals("azure") ? " with your deployment's name" : ""));
    }
    if (model.indexOf('*') >= 0 && !ModelPattern.isPattern(modelName)) {
      throw params.get("model").invalid("'" + model + "' has a * but model_name '" + modelName + "' has none to fill "
          + "it; write model_name: \"*\" (or \"" + provider + "/*\") to pass any model name through");
    }

    Optional<String> apiBase = resolved(params, "api_base").or(() -> resolved(params, "base_url"));
    Credential apiKey = credential(params.get("api_key"));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String key : List.of("headers", "extra_headers")) {
      params.get(key).entries().forEach((name, value) -> headers.put(name, resolve(value)));
    }
    ConfigNode info = entry.get("model_info");
    String id = deploymentId(entry, info, modelName, params, ids);
    Optional<Integer> maxInputTokens = positive(info, "max_input_tokens");
    Optional<Boolean> supportsTools = info.bool("supports_function_calling");
    info.noteUnreadKeys();

    int maxParallel = params.integer("max_parallel_requests").orElse(0);
    if (maxParallel < 0) {
      throw params.get("max_parallel_requests").invalid("must be 0 (no bound) or more");
    }
    DeploymentConfig deployment = new DeploymentConfig(
        modelName, model, id, provider, upstreamModel, apiBase, apiKey,
        positive(params, "rpm").or(() -> positive(entry, "rpm")),
        positive(params, "tpm").or(() -> positive(entry, "tpm")),
        nonNegative(params, "weight"),
        timeout(params, "timeout").or(() -> timeout(params, "request_timeout")),
        timeout(params, "stream_timeout"),
        new Pricing(nonNegative(params, "input_cost_per_token"), nonNegative(params, "output_cost_per_token"),
            nonNegative(params, "cache_read_input_token_cost"), nonNegative(params, "cache_creation_input_token_cost")),
        Map.copyOf(headers), maxParallel,
        seconds(params, "cooldown_time"), maxInputTokens, supportsTools, resolved(params, "api_version"),
        entry.path());
    params.noteUnreadKeys();
    return deployment;
  }

  private RouterSettings readRouter(ConfigNode router, ConfigNode litellm, ModelNames groups) {
    RoutingStrategyName strategy = router.string("routing_strategy")
        .map(name -> strategy(router.get("routing_strategy"), name))
        .orElse(RoutingStrategyName.SIMPLE_SHUFFLE);
    int numRetries = router.integer("num_retries")
        .or(() -> litellm.integer("num_retries"))
        .orElse(RouterSettings.DEFAULT_NUM_RETRIES);
    if (numRetries < 0 || numRetries > 20) {
      throw router.get("num_retries").invalid("must be between 0 and 20, got " + numRetries);
    }
    Duration timeout = timeout(router, "timeout")
        .or(() -> timeout(litellm, "request_timeout"))
        .orElse(RouterSettings.DEFAULT_TIMEOUT);
    Duration streamTimeout = timeout(router, "stream_timeout").orElse(timeout);
    int allowedFails = router.integer("allowed_fails")
        .or(() -> litellm.integer("allowed_fails"))
        .orElse(RouterSettings.DEFAULT_ALLOWED_FAILS);
    if (allowedFails < 1) {
      throw router.get("allowed_fails").invalid("must be 1 or more, got " + allowedFails);
    }
    int maxFallbacks = router.integer("max_fallbacks").orElse(RouterSettings.DEFAULT_MAX_FALLBACKS);
    if (maxFallbacks < 0) {
      throw router.get("max_fallbacks").invalid("must be 0 or more, got " + maxFallbacks);
    }

    Map<String, List<String>> fallbacks = fallbackMap(router, litellm, "fallbacks", groups);
    List<String> defaults = new ArrayList<>(fallbackTargets(router, litellm, "default_fallbacks", groups));
    List<String> wildcard = fallbacks.remove("*");
    if (wildcard != null) {
      wildcard.stream().filter(m -> !defaults.contains(m)).forEach(defaults::add);
    }
    return new RouterSettings(
        strategy, numRetries,
        seconds(router, "retry_after").orElse(Duration.ZERO),
        timeout, streamTimeout, allowedFails,
        seconds(router, "cooldown_time").orElse(RouterSettings.DEFAULT_COOLDOWN),
        Map.copyOf(fallbacks),
        Map.copyOf(fallbackMap(router, litellm, "context_window_fallbacks", groups)),
        Map.copyOf(fallbackMap(router, litellm, "content_policy_fallbacks", groups)),
        List.copyOf(defaults), maxFallbacks,
        router.bool("enable_pre_call_checks").orElse(false));
  }

  private static RoutingStrategyName strategy(ConfigNode node, String name) {
    for (RoutingStrategyName strategy : RoutingStrategyName.values()) {
      if (strategy.configName().equals(name)) {
        return strategy;
      }
    }
    if (LITELLM_STRATEGIES_NOT_IMPLEMENTED.contains(name)) {
      // A strategy LiteLLM has but Lantern does not: run, and say so, rather than refuse to start.
      org.slf4j.LoggerFactory.getLogger(LiteLlmConfig.class).warn(
          "{}: routing_strategy '{}' is not implemented by Lantern; using simple-shuffle", node.path(), name);
      return RoutingStrategyName.SIMPLE_SHUFFLE;
    }
    throw node.invalid("unknown routing strategy '" + name + "'; use simple-shuffle or least-busy");
  }

  /**
   * LiteLLM writes fallbacks as a list of one-key mappings: {@code [{"free": ["free2", "cheap"]}]}.
   * They may sit in router_settings or litellm_settings; router_settings wins.
   */
  private Map<String, List<String>> fallbackMap(
      ConfigNode router, ConfigNode litellm, String key, ModelNames groups) {
    ConfigNode node = router.has(key) ? router.get(key) : litellm.get(key);
    Map<String, List<String>> map = new LinkedHashMap<>();
    List<ConfigNode> entries = node.isObject() ? List.of(node) : node.items();
    for (ConfigNode entry : entries) {
      for (Map.Entry<String, ConfigNode> rule : entry.entries().entrySet()) {
        String from = rule.getKey();
        ConfigNode targets = rule.getValue();
        if (!from.equals("*") && !groups.serves(from)) {
          throw targets.invalid("'" + from + "' is not a model_name in model_list; known: " + groups);
        }
        List<String> to = map.computeIfAbsent(from, k -> new ArrayList<>());
        for (String target : targets.isScalar() ? List.of(targets.asString().orElseThrow()) : scalars(targets)) {
          requireGroup(targets, target, groups);
          if (!to.contains(target)) {
            to.add(target);
          }
        }
      }
    }
    return map;
  }

  private static List<String> fallbackTargets(
      ConfigNode router, ConfigNode litellm, String key, ModelNames groups) {
    ConfigNode owner = router.has(key) ? router : litellm;
    List<String> targets = owner.strings(key);
    targets.forEach(t -> requireGroup(owner.get(key), t, groups));
    return targets;
  }

  private static List<String> scalars(ConfigNode list) {
    List<String> values = new ArrayList<>();
    for (ConfigNode item : list.items()) {
      values.add(item.asString().orElseThrow(() -> item.invalid("expected a model_name")));
    }
    return values;
  }

  private static void requireGroup(ConfigNode where, String name, ModelNames groups) {
    if (ModelPattern.isPattern(name)) {
      throw where.invalid("falls back to '" + name + "', a pattern: a fallback names one model (one a wildcard "
          + "route may serve, such as 'gpt-4o-mini')");
    }
    if (!groups.serves(name)) {
      throw where.invalid("falls back to '" + name + "', which is not a model_name in model_list; known: " + groups);
    }
  }

  private Optional<String> readMasterKey(ConfigNode general) {
    ConfigNode node = general.get("master_key");
    Optional<String> raw = node.asString();
    if (raw.isPresent() && raw.get().startsWith(ENV_PREFIX)) {
      String var = raw.get().substring(ENV_PREFIX.length());
      String value = env.get(var);
      if (value == null || value.isEmpty()) {
        throw node.invalid("the environment variable " + var
            + " is not set; set it, or remove master_key to run without authentication");
      }
      return Optional.of(value);
    }
    return raw.filter(k -> !k.isEmpty())
        .or(() -> Optional.ofNullable(env.get("LITELLM_MASTER_KEY")).filter(k -> !k.isEmpty()));
  }

  private static List<Double> readBuckets(ConfigNode litellm) {
    ConfigNode node = litellm.get("prometheus_latency_buckets");
    if (node.isMissing()) {
      return LITELLM_LATENCY_BUCKETS;
    }
    List<Double> buckets = new ArrayList<>();
    for (ConfigNode item : node.items()) {
      String text = item.asString().orElseThrow(() -> item.invalid("expected a number of seconds"));
      double value;
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw item.invalid("expected a number of seconds, got \"" + text + "\"");
      }
      if (Double.isInfinite(value)) {
        continue; // +Inf is always the last bucket; LiteLLM lists it explicitly.
      }
      if (!(value > 0) || (!buckets.isEmpty() && value <= buckets.get(buckets.size() - 1))) {
        throw item.invalid("buckets must be positive and increasing, got " + text);
      }
      buckets.add(value);
    }
    return List.copyOf(buckets);
  }

  /** The model_names of the config, exact and wildcard: which names a request or fallback may use. */
  private record ModelNames(Set<String> names, List<ModelPattern> patterns) {
    ModelNames(Set<String> names) {
      this(names, names.stream().filter(ModelPattern::isPattern).map(ModelPattern::of).toList());
    }

    boolean serves(String name) {
      return names.contains(name) || patterns.stream().anyMatch(p -> p.matches(name));
    }

    @Override
    public String toString() {
      return names.toString();
    }
  }

  /** A string value with {@code os.environ/VAR} resolved; an unset variable is an error. */
  private Optional<String> resolved(ConfigNode parent, String key) {
    ConfigNode node = parent.get(key);
    return node.asString().map(raw -> resolve(node));
  }

  private String resolve(ConfigNode node) {
    String raw = node.asString().orElse("");
    if (!raw.startsWith(ENV_PREFIX)) {
      return raw;
    }
    String var = raw.substring(ENV_PREFIX.length());
    String value = env.get(var);
    if (value == null) {
      throw node.invalid("the environment variable " + var + " is not set");
    }
    return value;
  }

  /** An api_key may name an unset variable: the gateway starts and the call explains it. */
  private Credential credential(ConfigNode node) {
    Optional<String> raw = node.asString();
    if (raw.isEmpty()) {
      return Credential.none();
    }
    if (raw.get().startsWith(ENV_PREFIX)) {
      String var = raw.get().substring(ENV_PREFIX.length());
      return Credential.fromEnv(var, env.get(var));
    }
    return Credential.literal(raw.get());
  }

  private static Optional<Duration> seconds(ConfigNode parent, String key) {
    return parent.number(key).map(s -> {
      if (s < 0 || s > 86_400) {
        throw parent.get(key).invalid("must be a number of seconds between 0 and 86400, got " + s);
      }
      return Duration.ofNanos((long) (s * 1_000_000_000L));
    });
  }

  /** A timeout must be more than 0: the HTTP client reads 0 as "wait forever". */
  private static Optional<Duration> timeout(ConfigNode parent, String key) {
    return seconds(parent, key).map(d -> {
      if (d.isZero()) {
        throw parent.get(key).invalid("must be more than 0 seconds");
      }
      return d;
    });
  }

  private static Optional<Integer> positive(ConfigNode parent, String key) {
    return parent.integer(key).map(v -> {
      if (v < 1) {
        throw parent.get(key).invalid("must be 1 or more, got " + v);
      }
      return v;
    });
  }

  private static Optional<Double> nonNegative(ConfigNode parent, String key) {
    return parent.number(key).map(v -> {
      if (v < 0) {
        throw parent.get(key).invalid("must not be negative, got " + v);
      }
      return v;
    });
  }

  /**
   * The deployment's id: {@code model_info.id}, which must be unique, or a generated one. Two
   * identical entries (a way to double a deployment's share) get distinct generated ids, because
   * every metric series and cooldown is keyed by id.
   */
  private static String deploymentId(ConfigNode entry, ConfigNode info, String modelName, ConfigNode params,
      Map<String, String> ids) {
    Optional<String> explicit = info.string("id");
    String id = explicit.orElseGet(() -> generatedId(modelName, params));
    if (ids.containsKey(id)) {
      if (explicit.isPresent()) {
        throw info.get("id").invalid("'" + id + "' is already the id of " + ids.get(id) + "; ids must be unique");
      }
      id = id + "-" + ids.size();
    }
    ids.put(id, entry.path());
    return id;
  }

  /**
   * LiteLLM's id for a deployment without {@code model_info.id}: SHA-256 over the model name and
   * each litellm_params key and value in order. Unlike LiteLLM, values are hashed as written
   * ({@code os.environ/VAR}, not the secret), so the id survives a key rotation.
   */
  private static String generatedId(String modelName, ConfigNode params) {
    // Reads the raw JSON so that hashing does not count as "reading" (which hides ignored keys).
    StringBuilder text = new StringBuilder(modelName);
    for (Map.Entry<String, JsonNode> param : params.json().properties()) {
      JsonNode value = param.getValue();
      text.append(param.getKey())
          .append(value.isValueNode() ? value.asString() : Json.MAPPER.writeValueAsString(value));
    }
    return Secrets.sha256Hex(text.toString());
  }
}
