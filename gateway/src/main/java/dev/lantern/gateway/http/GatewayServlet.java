package dev.lantern.gateway.http;

import dev.lantern.common.http.WebAssets;
import dev.lantern.common.json.Json;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.gateway.auth.ApiKeyAuth;
import dev.lantern.gateway.config.ModelPattern;
import dev.lantern.gateway.keys.Admission;
import dev.lantern.gateway.keys.Refusal;
import dev.lantern.gateway.keys.Ticket;
import dev.lantern.gateway.spend.SpendQueries;
import dev.lantern.gateway.store.Database;
import dev.lantern.gateway.metrics.GatewayMetrics;
import dev.lantern.gateway.routing.Caller;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's HTTP surface, LiteLLM's routes: chat completions, embeddings, models, health and
 * metrics. Every error is OpenAI's JSON shape with the right status; nothing a client sends can
 * produce a 500 or a stack trace.
 */
public final class GatewayServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServlet.class);
  private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final String VERSION = "lantern-0.1.0";
  /**
   * The admin page: public itself; everything it shows comes from the management API with the
   * master key the operator types in, which the page keeps in the tab's session storage only.
   */
  private static final WebAssets ADMIN_PAGE = WebAssets.of(Map.of("/ui", "/gateway-ui/index.html",
      "/ui/app.js", "/gateway-ui/app.js"));

  private enum Route { CHAT, EMBEDDINGS, MODELS, HEALTH, LIVENESS, READINESS, METRICS, MANAGEMENT, MODEL_INFO, UI }

  private static final Map<String, Route> ROUTES = Map.ofEntries(
      Map.entry("/v1/chat/completions", Route.CHAT),
      Map.entry("/chat/completions", Route.CHAT),
      Map.entry("/v1/embeddings", Route.EMBEDDINGS),
      Map.entry("/embeddings", Route.EMBEDDINGS),
      Map.entry("/v1/models", Route.MODELS),
      Map.entry("/models", Route.MODELS),
      Map.entry("/health", Route.HEALTH),
      Map.entry("/health/liveliness", Route.LIVENESS),
      Map.entry("/health/liveness", Route.LIVENESS),
      Map.entry("/health/readiness", Route.READINESS),
      Map.entry("/metrics", Route.METRICS),
      Map.entry("/model/info", Route.MODEL_INFO),
      Map.entry("/v1/model/info", Route.MODEL_INFO),
      Map.entry("/ui", Route.UI),
      Map.entry("/ui/app.js", Route.UI));

  private final ApiKeyAuth auth;
  private final boolean metricsNeedKey;
  private final RequestBodies bodies;
  private final long maxRequestBytes;
  private final BodyBudget budget;
  private final Completions completions;
  private final GatewayMetrics metrics;
  private final MetricsEndpoint metricsEndpoint;
  private final List<String> models;
  private final List<String> callbacks;
  private final java.util.function.Predicate<String> knownModel;
  private final dev.lantern.gateway.routing.Router router;
  private final dev.lantern.gateway.routing.HealthChecks healthChecks;
  private final Admission admission;
  private final ManagementApi management;
  private final Database database;
  private final dev.lantern.gateway.shared.RedisLink redis;

  public GatewayServlet(Parts parts) {
    this.auth = parts.auth();
    this.metricsNeedKey = parts.metricsNeedKey();
    this.bodies = new RequestBodies(parts.maxRequestBytes());
    this.maxRequestBytes = parts.maxRequestBytes();
    // An eighth of the heap for large bodies in flight: parsing a body briefly needs about six
    // times its size (the bytes, Jackson's char buffers, the string, the copy sent upstream).
    this.budget = new BodyBudget(Math.max(parts.maxRequestBytes(), Runtime.getRuntime().maxMemory() / 8));
    this.completions = new Completions(parts.router(), parts.settings(), parts.metrics(), parts.costs(), parts.dropParams());
    this.metrics = parts.metrics();
    this.metricsEndpoint = parts.metricsEndpoint();
    this.models = parts.models();
    this.callbacks = parts.callbacks();
    this.knownModel = parts.router()::hasGroup;
    this.router = parts.router();
    this.healthChecks = parts.healthChecks();
    this.admission = parts.admission();
    this.redis = parts.redis();
    this.database = parts.admission() == null ? null : parts.admission().directory().store().database();
    this.management = parts.admission() == null ? null : new ManagementApi(parts.admission().directory(),
        new SpendQueries(database), parts.clock(), knownModel);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    metrics.requestStarted();
    try {
      serve(request, response);
    } finally {
      metrics.requestEnded();
    }
  }

  private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long start = System.nanoTime();
    String path = normalise(request.getRequestURI());
    Route route = ManagementApi.ROUTES.containsKey(path) ? Route.MANAGEMENT : ROUTES.get(path);
    try {
      if (route == null) {
        throw ApiError.of(404, "Unknown route " + request.getMethod() + " " + path
            + ". This gateway serves /v1/chat/completions, /v1/embeddings, /v1/models, /health/*, /metrics, "
            + "/key/*, /team/* and /spend/logs.");
      }
      String method = request.getMethod();
      boolean post = route == Route.CHAT || route == Route.EMBEDDINGS
          || route == Route.MANAGEMENT && ManagementApi.ROUTES.get(path).equals("POST");
      if (!method.equals(post ? "POST" : "GET") && !(method.equals("HEAD") && !post)) {
        response.setHeader("Allow", post ? "POST" : "GET, HEAD");
        throw ApiError.of(405, "Method " + method + " is not allowed on " + path + "; use " + (post ? "POST" : "GET") + ".");
      }
      handle(route, path, request, response, start);
    } catch (ApiError error) {
      if ((error.status() == 401 || error.status() == 403) && !"GET".equals(request.getMethod())) {
        // Refused before its body was read: the client must not send its next request on this
        // connection while the server is still discarding that body.
        response.setHeader("Connection", "close");
      }
      writeError(response, error);
    } catch (Refusal refusal) {
      refusal.retryAfterSeconds().ifPresent(wait -> response.setHeader("Retry-After", Long.toString(wait)));
      writeError(response, new ApiError(refusal.status(), refusal.type(), refusal.param(),
          Integer.toString(refusal.status()), refusal.getMessage()));
    } catch (RuntimeException bug) {
      // Our mistake, not the client's: log it with the route, answer without details.
      LOG.error("unexpected failure on {} {}", request.getMethod(), path, bug);
      if (!response.isCommitted()) {
        writeError(response, ApiError.of(500, "Internal error in the gateway; the gateway log has the details."));
      }
    }
  }

  private void handle(Route route, String path, HttpServletRequest request, HttpServletResponse response, long start)
      throws IOException {
    switch (route) {
      case LIVENESS -> writeJson(response, 200, Json.MAPPER.writeValueAsBytes("I'm alive!"));
      case READINESS -> writeJson(response, 200, readiness());
      case HEALTH -> {
        authenticateAdmin(request); // it calls every upstream: for the operator only
        writeJson(response, 200, Json.MAPPER.writeValueAsBytes(healthChecks.report()));
      }
      case MANAGEMENT -> manage(path, request, response);
      case MODEL_INFO -> {
        authenticateAdmin(request);
        writeJson(response, 200, Json.MAPPER.writeValueAsBytes(modelInfo()));
      }
      case UI -> ADMIN_PAGE.serve(path, response);
      case METRICS -> {
        if (metricsNeedKey) {
          authenticate(request);
        }
        metricsEndpoint.write(request, response);
      }
      case MODELS -> writeJson(response, 200, modelList(authenticate(request)));
      case CHAT, EMBEDDINGS -> llmCall(route, path, request, response, start);
    }
  }

  private void llmCall(Route route, String path, HttpServletRequest request, HttpServletResponse response, long start)
      throws IOException {
    ApiKeyAuth.Result auth = authenticateModelCall(request);
    Caller caller = caller(auth, request);
    String label = path.startsWith("/v1") ? path.substring(3) : path;
    String callId = callId(request.getHeader("x-litellm-call-id"));
    response.setHeader("x-litellm-call-id", callId);
    String model = null;
    try (BodyBudget.Permit room = budget.reserve(request.getContentLengthLong(), maxRequestBytes)) {
      ObjectNode body = bodies.readObject(request, room);
      model = Validation.model(body);
      if (model == null) {
        throw ApiError.invalid("model", "Missing required parameter: 'model'. Available models: " + String.join(", ", models) + ".");
      }
      if (!knownModel.test(model)) {
        throw new ApiError(404, "invalid_request_error", "model", "model_not_found",
            "Invalid model name passed in model=" + model + ". Available models: " + String.join(", ", models) + ".");
      }
      try (Ticket ticket = admit(auth, model)) {
        Exchange exchange = new Exchange(request, response, caller, label, callId, start, arrival(request, start), ticket,
            endUser(body));
        try {
          if (route == Route.CHAT) {
            completions.chat(exchange, body, model);
          } else {
            completions.embeddings(exchange, body, model);
          }
        } catch (ApiError error) {
          ticket.finish(new Ticket.Outcome(callId, callType(route), model, null, null, exchange.endUser(), 0, 0, 0,
              error.status()));
          throw error;
        }
      }
    } catch (ApiError error) {
      String requested = model != null && knownModel.test(model) ? model : "None";
      metrics.requestFailed(caller, requested, label, error.status(), "BadRequestError", "None");
      throw error;
    } catch (Refusal refusal) {
      metrics.requestFailed(caller, model, label, refusal.status(), refusal.status() == 429 ? "RateLimitError"
          : refusal.status() == 400 ? "BudgetExceededError" : "AuthenticationError", "None");
      throw refusal;
    }
  }

  /** The metric labels of the caller: a virtual key also brings its alias, team and user. */
  private Caller caller(ApiKeyAuth.Result auth, HttpServletRequest request) {
    if (auth.kind() != ApiKeyAuth.Kind.VIRTUAL) {
      return metrics.caller(auth.hashedKey(), request.getRemoteAddr(), request.getHeader("User-Agent"));
    }
    dev.lantern.gateway.keys.VirtualKey key = auth.virtualKey().record();
    String teamAlias = admission.directory().team(key.teamId()).map(t -> t.record().teamAlias()).orElse(null);
    return metrics.caller(auth.hashedKey(), key.keyAlias(), key.teamId(), teamAlias, key.userId(),
        request.getRemoteAddr(), request.getHeader("User-Agent"));
  }

  /** When Jetty received the request, before it waited for a thread: LiteLLM's queue time starts there. */
  private static long arrival(HttpServletRequest request, long fallback) {
    ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
    long begin = jetty == null ? 0 : jetty.getBeginNanoTime();
    return begin != 0 && begin - fallback <= 0 ? begin : fallback;
  }

  private static String callType(Route route) {
    return route == Route.CHAT ? "acompletion" : "aembedding";
  }

  private static String endUser(ObjectNode body) {
    tools.jackson.databind.JsonNode user = body.get("user");
    if (user == null || !user.isString()) {
      return null;
    }
    String value = user.asString();
    return value.length() <= 256 ? value : value.substring(0, 256);
  }

  /** Checks what a virtual key may do; the master key and an open gateway have no limits. */
  private Ticket admit(ApiKeyAuth.Result auth, String model) {
    if (admission == null) {
      return Ticket.NONE;
    }
    return switch (auth.kind()) {
      case VIRTUAL -> admission.admit(auth.virtualKey(), model);
      case MASTER -> admission.master();
      case OPEN, UNCHECKED -> Ticket.NONE;
    };
  }

  private void manage(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
    ApiKeyAuth.Result caller = authenticate(request);
    if (path.equals("/key/info") && caller.kind() == ApiKeyAuth.Kind.VIRTUAL) {
      JsonNode own = management.ownKeyInfo(caller.virtualKey().record().token(), request.getParameter("key"));
      if (own != null) {
        writeJson(response, 200, Json.MAPPER.writeValueAsBytes(own));
        return;
      }
    }
    requireAdmin(caller);
    if (management == null) {
      throw ApiError.of(400, "Key management needs a master key: set general_settings.master_key (or "
          + "LITELLM_MASTER_KEY); keys and spend are then kept in LANTERN_HOME/gateway.db or general_settings.database_url.");
    }
    ObjectNode body = ManagementApi.ROUTES.get(path).equals("POST") ? bodies.readObject(request) : null;
    writeJson(response, 200, Json.MAPPER.writeValueAsBytes(management.handle(path, request, body)));
  }

  /**
   * Refuses the request unless it carries the master key or a usable virtual key; 401 requests are
   * not counted, as in LiteLLM.
   */
  private ApiKeyAuth.Result authenticate(HttpServletRequest request) {
    ApiKeyAuth.Result result = authenticateModelCall(request);
    if (result.kind() == ApiKeyAuth.Kind.UNCHECKED) {
      throw new ApiError(503, "service_unavailable", "None", "503", "The gateway database is unavailable, so this "
          + "key cannot be checked; retry shortly. (allow_requests_on_db_unavailable lets model calls through, "
          + "nothing else.)");
    }
    return result;
  }

  /** As {@link #authenticate}, and also lets through a key the database could not check, if configured to. */
  private ApiKeyAuth.Result authenticateModelCall(HttpServletRequest request) {
    ApiKeyAuth.Result result = auth.check(request.getHeader("Authorization"), request.getHeader("x-litellm-api-key"));
    if (!result.allowed()) {
      throw new ApiError(result.status(), result.status() == 401 ? "auth_error" : "service_unavailable", "None",
          Integer.toString(result.status()), result.error());
    }
    if (result.kind() == ApiKeyAuth.Kind.VIRTUAL) {
      admission.authorize(result.virtualKey());
    }
    return result;
  }

  /** The master key only (or no key at all on a gateway without one): the operator's routes. */
  private void authenticateAdmin(HttpServletRequest request) {
    requireAdmin(authenticate(request));
  }

  private static void requireAdmin(ApiKeyAuth.Result result) {
    if (result.kind() != ApiKeyAuth.Kind.MASTER && result.kind() != ApiKeyAuth.Kind.OPEN) {
      throw new ApiError(403, "auth_error", "None", "403", "Only the master key may use this route; virtual keys "
          + "can call /v1/chat/completions, /v1/embeddings, /v1/models and GET /key/info for themselves.");
    }
  }

  /**
   * LiteLLM's {@code /model/info}: every deployment with its model, base and live state (cooling
   * down, at a limit, the last failure), for the admin page. Never the upstream key.
   */
  private ObjectNode modelInfo() {
    ObjectNode answer = Json.object();
    ArrayNode data = answer.putArray("data");
    for (String group : models) {
      for (dev.lantern.gateway.routing.Deployment deployment : router.deployments(group)) {
        ObjectNode entry = data.addObject();
        entry.put("model_name", group);
        entry.putObject("litellm_params").put("model", deployment.model())
            .put("api_base", deployment.provider().apiBase());
        ObjectNode info = entry.putObject("model_info");
        info.put("id", deployment.id());
        info.put("state", deployment.state());
        info.put("in_flight", deployment.inFlight());
        info.put("unavailable", deployment.unavailableNow().orElse(null));
        info.put("last_failure", deployment.lastFailure());
      }
    }
    return answer;
  }

  /** The models the caller may use: a virtual key sees only its own, as in LiteLLM. */
  private byte[] modelList(ApiKeyAuth.Result caller) {
    ObjectNode list = Json.object();
    ArrayNode data = list.putArray("data");
    for (String model : models) {
      // A wildcard route is not a model a client can pick from a list (newer LiteLLM hides it too),
      // nor is a name whose entries were all skipped at start-up.
      if (ModelPattern.isPattern(model) || router.deployments(model).isEmpty()) {
        continue;
      }
      if (caller.kind() == ApiKeyAuth.Kind.VIRTUAL && !admission.mayUse(caller.virtualKey(),
          admission.authorize(caller.virtualKey()), model)) {
        continue;
      }
      data.addObject().put("id", model).put("object", "model").put("created", 1677610602).put("owned_by", "openai");
    }
    list.put("object", "list");
    return Json.MAPPER.writeValueAsBytes(list);
  }

  private byte[] readiness() {
    ObjectNode body = Json.object();
    body.put("status", "healthy");
    body.put("db", database == null ? "Not connected" : database.ready() ? "connected" : "disconnected");
    if (database != null && !database.ready()) {
      body.put("db_error", "the gateway database " + database.shown() + " is unavailable: the master key works, "
          + "virtual keys already checked keep working, spend waits in memory");
    }
    if (redis == null) {
      body.putNull("cache");
    } else {
      body.put("cache", "redis");
      body.put("redis", redis.up() ? "connected" : "disconnected");
    }
    body.put("litellm_version", VERSION);
    ArrayNode names = body.putArray("success_callbacks");
    callbacks.forEach(names::add);
    return Json.MAPPER.writeValueAsBytes(body);
  }

  /** Everything the servlet serves with, assembled by {@link dev.lantern.gateway.Gateway}. */
  public record Parts(ApiKeyAuth auth, boolean metricsNeedKey, long maxRequestBytes,
      dev.lantern.gateway.routing.Router router, dev.lantern.gateway.config.RouterSettings settings,
      GatewayMetrics metrics, dev.lantern.gateway.cost.CostCalculator costs, boolean dropParams,
      MetricsEndpoint metricsEndpoint, List<String> models, List<String> callbacks,
      dev.lantern.gateway.routing.HealthChecks healthChecks, Admission admission,
      java.util.function.LongSupplier clock, dev.lantern.gateway.shared.RedisLink redis) {}

  private static String callId(String fromClient) {
    if (fromClient != null && CALL_ID.matcher(fromClient).matches()) {
      return fromClient;
    }
    // A random (version 4) UUID without SecureRandom: a call id needs to be unique, not secret.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static String normalise(String uri) {
    if (uri == null || uri.isEmpty()) {
      return "/";
    }
    return uri.length() > 1 && uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  private static void writeError(HttpServletResponse response, ApiError error) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    if (error.status() == 503) {
      response.setHeader("Retry-After", "1");
    }
    writeJson(response, error.status(), error.body());
  }

  private static void writeJson(HttpServletResponse response, int status, byte[] body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
