package dev.lantern.gateway.http;

import dev.lantern.common.json.Json;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.gateway.auth.ApiKeyAuth;
import dev.lantern.gateway.metrics.GatewayMetrics;
import dev.lantern.gateway.routing.Caller;
import jakarta.servlet.http.HttpServlet;
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

  private enum Route { CHAT, EMBEDDINGS, MODELS, HEALTH, LIVENESS, READINESS, METRICS }

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
      Map.entry("/metrics", Route.METRICS));

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
  private final dev.lantern.gateway.routing.HealthChecks healthChecks;

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
    this.healthChecks = parts.healthChecks();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long start = System.nanoTime();
    String path = normalise(request.getRequestURI());
    Route route = ROUTES.get(path);
    try {
      if (route == null) {
        throw ApiError.of(404, "Unknown route " + request.getMethod() + " " + path
            + ". This gateway serves /v1/chat/completions, /v1/embeddings, /v1/models, /health/* and /metrics.");
      }
      String method = request.getMethod();
      boolean post = route == Route.CHAT || route == Route.EMBEDDINGS;
      if (!method.equals(post ? "POST" : "GET") && !(method.equals("HEAD") && !post)) {
        response.setHeader("Allow", post ? "POST" : "GET, HEAD");
        throw ApiError.of(405, "Method " + method + " is not allowed on " + path + "; use " + (post ? "POST" : "GET") + ".");
      }
      handle(route, path, request, response, start);
    } catch (ApiError error) {
      writeError(response, error);
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
        authenticate(request); // it calls every upstream: not for anonymous callers
        writeJson(response, 200, Json.MAPPER.writeValueAsBytes(healthChecks.report()));
      }
      case METRICS -> {
        if (metricsNeedKey) {
          authenticate(request);
        }
        metricsEndpoint.write(request, response);
      }
      case MODELS -> {
        authenticate(request);
        writeJson(response, 200, modelList());
      }
      case CHAT, EMBEDDINGS -> llmCall(route, path, request, response, start);
    }
  }

  private void llmCall(Route route, String path, HttpServletRequest request, HttpServletResponse response, long start)
      throws IOException {
    ApiKeyAuth.Result auth = authenticate(request);
    Caller caller = metrics.caller(auth.hashedKey(), request.getRemoteAddr(), request.getHeader("User-Agent"));
    String label = path.startsWith("/v1") ? path.substring(3) : path;
    String callId = callId(request.getHeader("x-litellm-call-id"));
    response.setHeader("x-litellm-call-id", callId);
    String model = null;
    try (BodyBudget.Permit room = budget.reserve(request.getContentLengthLong(), maxRequestBytes)) {
      ObjectNode body = bodies.readObject(request);
      model = Validation.model(body);
      if (model == null) {
        throw ApiError.invalid("model", "Missing required parameter: 'model'. Available models: " + String.join(", ", models) + ".");
      }
      if (!knownModel.test(model)) {
        throw new ApiError(404, "invalid_request_error", "model", "model_not_found",
            "Invalid model name passed in model=" + model + ". Available models: " + String.join(", ", models) + ".");
      }
      Exchange exchange = new Exchange(request, response, caller, label, callId, start);
      if (route == Route.CHAT) {
        completions.chat(exchange, body, model);
      } else {
        completions.embeddings(exchange, body, model);
      }
    } catch (ApiError error) {
      String requested = model != null && knownModel.test(model) ? model : "None";
      metrics.requestFailed(caller, requested, label, error.status(), "BadRequestError", "None");
      throw error;
    }
  }

  /** Refuses the request unless it carries the master key; 401 requests are not counted, as in LiteLLM. */
  private ApiKeyAuth.Result authenticate(HttpServletRequest request) {
    ApiKeyAuth.Result result = auth.check(request.getHeader("Authorization"), request.getHeader("x-litellm-api-key"));
    if (!result.allowed()) {
      throw new ApiError(401, "auth_error", "None", "401", result.error());
    }
    return result;
  }

  private byte[] modelList() {
    ObjectNode list = Json.object();
    ArrayNode data = list.putArray("data");
    for (String model : models) {
      data.addObject().put("id", model).put("object", "model").put("created", 1677610602).put("owned_by", "openai");
    }
    list.put("object", "list");
    return Json.MAPPER.writeValueAsBytes(list);
  }

  private byte[] readiness() {
    ObjectNode body = Json.object();
    body.put("status", "healthy");
    body.put("db", "Not connected");
    body.putNull("cache");
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
      dev.lantern.gateway.routing.HealthChecks healthChecks) {}

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
