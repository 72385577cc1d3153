package dev.lantern.gateway;

import dev.lantern.common.http.HttpService;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.gateway.auth.ApiKeyAuth;
import dev.lantern.gateway.config.DatabaseSettings;
import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.config.GatewayConfig;
import dev.lantern.gateway.config.SkippedDeployment;
import dev.lantern.gateway.cost.CostCalculator;
import dev.lantern.gateway.cost.PriceTable;
import dev.lantern.gateway.http.GatewayServlet;
import dev.lantern.gateway.keys.Admission;
import dev.lantern.gateway.keys.KeyDirectory;
import dev.lantern.gateway.keys.KeyStore;
import dev.lantern.gateway.limits.LimitCounters;
import dev.lantern.gateway.limits.LocalCounters;
import dev.lantern.gateway.routing.RouterListener;
import dev.lantern.gateway.shared.RedisCounters;
import dev.lantern.gateway.shared.RedisLink;
import dev.lantern.gateway.shared.SharedEvents;
import dev.lantern.gateway.spend.SpendWriter;
import dev.lantern.gateway.store.Database;
import dev.lantern.gateway.metrics.BudgetMetrics;
import dev.lantern.gateway.metrics.GatewayMetrics;
import dev.lantern.gateway.provider.Provider;
import dev.lantern.gateway.provider.ProviderContext;
import dev.lantern.gateway.provider.ProviderFactory;
import dev.lantern.gateway.provider.Providers;
import dev.lantern.gateway.provider.UpstreamHttp;
import dev.lantern.gateway.routing.Deployment;
import dev.lantern.gateway.routing.HealthChecks;
import dev.lantern.gateway.routing.Router;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM gateway, assembled from a {@link GatewayConfig}: providers per deployment, the router,
 * metrics and the HTTP server. {@link #close()} stops it and lets calls in flight finish.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final HttpService http;
  private final CloseableHttpClient upstreams;
  private final Router router;
  private final HealthChecks healthChecks;
  private final Governance governance;
  private final RedisLink redis;
  private final SharedEvents events;

  private Gateway(HttpService http, CloseableHttpClient upstreams, Router router, HealthChecks healthChecks,
      Governance governance, RedisLink redis, SharedEvents events) {
    this.http = http;
    this.upstreams = upstreams;
    this.router = router;
    this.healthChecks = healthChecks;
    this.governance = governance;
    this.redis = redis;
    this.events = events;
  }

  /** model_info wins over the bundled table, as in LiteLLM. */
  private static Deployment.Capabilities capabilities(DeploymentConfig deployment, PriceTable prices) {
    PriceTable.Facts known = prices.facts(deployment.model(), deployment.upstreamModel());
    return new Deployment.Capabilities(deployment.maxInputTokens().or(known::maxInputTokens),
        deployment.supportsFunctionCalling().or(known::supportsFunctionCalling));
  }

  private static Map<String, Deployment> byId(List<Deployment> deployments) {
    Map<String, Deployment> byId = new LinkedHashMap<>();
    deployments.forEach(d -> byId.put(d.id(), d));
    return byId;
  }

  /** Keys, teams and spend, when there is a database (there is one whenever a master key is set). */
  private record Governance(Database database, KeyDirectory directory, SpendWriter spend, Admission admission)
      implements AutoCloseable {
    static Governance open(DatabaseSettings settings, Router.Clock clock, LimitCounters counters) {
      Database database = Database.open(settings);
      KeyDirectory directory = new KeyDirectory(new KeyStore(database));
      SpendWriter spend = new SpendWriter(database, settings.spendLogs(), settings.batchWriteInterval(), directory);
      return new Governance(database, directory, spend, new Admission(directory, counters, spend, clock::millis));
    }

    /** After the HTTP server has let its calls finish: their spend is written before the pool closes. */
    @Override
    public void close() {
      spend.close();
      directory.close();
      database.close();
    }
  }

  public static Gateway start(GatewayConfig config, String host, int port) {
    return start(config, host, port, System.getenv(), Router.Clock.SYSTEM);
  }

  /**
   * @param env   where providers find their default keys (OPENROUTER_API_KEY, ...) and the upstream proxy
   *              (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)
   * @param clock the router's time; tests pass one that does not sleep
   */
  public static Gateway start(GatewayConfig config, String host, int port, Map<String, String> env, Router.Clock clock) {
    logIgnored(config);
    CloseableHttpClient upstreams = UpstreamHttp.create(env);
    ProviderContext context = new ProviderContext(upstreams, env);
    PriceTable prices = PriceTable.bundled();
    RedisLink redis = config.redis().map(RedisLink::new).orElse(null);
    // One set of counters for keys, teams and deployments: with Redis, every replica shares them.
    LimitCounters counters = redis == null ? new LocalCounters() : new RedisCounters(redis);
    Plan plan = plan(config, context);
    plan.skipped().forEach(skipped -> LOG.warn("{}", skipped.warning()));
    Map<String, List<Deployment>> groups = new LinkedHashMap<>();
    config.modelNames().forEach(name -> groups.put(name, new ArrayList<>()));
    plan.providers().forEach((deployment, provider) -> groups.get(deployment.modelName())
        .add(new Deployment(deployment, provider, clock, counters).withCapabilities(capabilities(deployment, prices))));

    PrometheusRegistry registry = MetricsEndpoint.registryWithJvmMetrics();
    List<Deployment> all = groups.values().stream().flatMap(List::stream).toList();
    GatewayMetrics metrics = new GatewayMetrics(registry, config.latencyBuckets(), () -> all, config.modelNames());
    Governance governance = config.database().map(settings -> Governance.open(settings, clock, counters)).orElse(null);
    if (governance != null) {
      BudgetMetrics.register(registry, governance.admission());
    }
    SharedEvents events = redis == null ? null : new SharedEvents(redis, byId(all),
        governance == null ? null : governance.directory());
    if (events != null && governance != null) {
      governance.directory().announceChangesTo(events);
    }
    Router router = new Router(groups, config.router(), events == null ? metrics : RouterListener.both(metrics, events),
        clock);
    HealthChecks healthChecks = new HealthChecks(all, config.healthCheckInterval().orElse(null));
    ApiKeyAuth auth = governance == null ? new ApiKeyAuth(config.masterKey())
        : new ApiKeyAuth(config.masterKey(), governance.directory(), governance.database().settings().allowRequestsWhenDown());
    GatewayServlet servlet = new GatewayServlet(new GatewayServlet.Parts(
        auth, config.metricsNeedKey(), config.maxRequestBytes(), router,
        config.router(), metrics, new CostCalculator(prices), config.dropParams(),
        new MetricsEndpoint(registry), config.modelNames(), config.callbacks(), healthChecks,
        governance == null ? null : governance.admission(), clock::millis, redis));

    HttpService http = HttpService.builder("gateway").host(host).port(port)
        .headerTimeout(config.clientTimeouts().header()).readTimeout(config.clientTimeouts().body())
        .servlet("/*", servlet).start();
    logSummary(config, groups);
    return new Gateway(http, upstreams, router, healthChecks, governance, redis, events);
  }

  public int port() {
    return http.port();
  }

  public URI uri() {
    return http.uri();
  }

  public Router router() {
    return router;
  }

  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() {
    healthChecks.close();
    http.close();
    if (governance != null) {
      governance.close();
    }
    if (events != null) {
      events.close();
    }
    if (redis != null) {
      redis.close();
    }
    upstreams.close(CloseMode.GRACEFUL);
  }

  /**
   * What a config turns into before anything listens: a provider for each deployment that can be
   * served, and every entry that cannot (from reading the file, an unknown provider, a provider
   * that lacks what it needs), each with its reason.
   */
  record Plan(Map<DeploymentConfig, Provider> providers, List<SkippedDeployment> skipped) {}

  static Plan plan(GatewayConfig config, ProviderContext context) {
    Map<DeploymentConfig, Provider> providers = new LinkedHashMap<>();
    List<SkippedDeployment> skipped = new ArrayList<>(config.skipped());
    for (DeploymentConfig deployment : config.deployments()) {
      String where = config.source() + ": " + deployment.configPath() + ".litellm_params";
      Optional<ProviderFactory> factory = Providers.forDeployment(deployment);
      if (factory.isEmpty()) {
        skipped.add(new SkippedDeployment(where + ".model", Optional.of(deployment.modelName()),
            Providers.unknownPrefixAdvice(deployment.provider(), deployment.upstreamModel())));
        continue;
      }
      try {
        providers.put(deployment, factory.get().create(deployment, context));
      } catch (IllegalArgumentException e) {
        skipped.add(new SkippedDeployment(where, Optional.of(deployment.modelName()), e.getMessage()));
      }
    }
    return new Plan(providers, List.copyOf(skipped));
  }

  /**
   * The warnings start-up would log for this config (entries it would skip and why), without
   * starting anything: for {@code lantern gateway --check}.
   */
  public static List<String> check(GatewayConfig config, Map<String, String> env) {
    try (CloseableHttpClient http = UpstreamHttp.create(env)) {
      return plan(config, new ProviderContext(http, env)).skipped().stream().map(SkippedDeployment::warning).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void logIgnored(GatewayConfig config) {
    for (String key : config.ignoredKeys()) {
      LOG.info("{}: ignoring {} (not used by Lantern's gateway)", config.source(), key);
    }
  }

  private static void logSummary(GatewayConfig config, Map<String, List<Deployment>> groups) {
    groups.forEach((name, deployments) -> LOG.info("model '{}' → {}", name,
        deployments.stream().map(Deployment::model).toList()));
    if (!config.router().fallbacks().isEmpty()) {
      LOG.info("fallbacks: {}", config.router().fallbacks());
    }
    long heap = Runtime.getRuntime().maxMemory();
    if (config.maxRequestBytes() * 6 > heap) {
      LOG.warn("general_settings.max_request_size_mb {} is large for this heap ({} MiB): parsing a body briefly "
          + "needs about six times its size; raise -Xmx (LANTERN_JAVA_OPTS) or lower the limit",
          config.maxRequestBytes() / (1024 * 1024), heap / (1024 * 1024));
    }
    if (config.masterKey().isEmpty()) {
      LOG.warn("no master key (general_settings.master_key or LITELLM_MASTER_KEY): anyone who can reach this port can use it");
    }
  }
}
