package dev.lantern.sre.serve;

import dev.lantern.agent.mcp.McpServer;
import dev.lantern.common.http.BadRequest;
import dev.lantern.common.http.HttpService;
import dev.lantern.common.http.JsonBodies;
import dev.lantern.common.http.WebAssets;
import dev.lantern.common.json.Json;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.common.secret.Secrets;
import dev.lantern.sre.SreMetrics;
import dev.lantern.sre.alerts.AlertGroup;
import dev.lantern.sre.alerts.AlertInvestigations;
import dev.lantern.sre.alerts.AlertStore;
import dev.lantern.sre.investigate.Investigator;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.net.URI;
import java.sql.SQLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lantern sre serve}: HolmesGPT's HTTP API ({@code /api/chat}, {@code /api/model},
 * {@code /healthz}, {@code /readyz}), the Alertmanager receiver ({@code /api/alerts}), what the
 * chat page reads ({@code /api/findings}, {@code /api/investigations}), {@code /metrics}, and the
 * page itself at {@code /}. With an API key, every {@code /api/} path wants it.
 */
public final class SreServer implements AutoCloseable {
  private static final WebAssets PAGE = WebAssets.chatPage(Map.of("/", "/sre-ui/index.html", "/index.html",
      "/sre-ui/index.html", "/app.js", "/sre-ui/app.js"));
  static final int CONCURRENT_CHATS = 4;
  static final int MAX_ALERT_BODY = 4 * 1024 * 1024;

  private final Investigator investigator;
  private final AlertInvestigations alerts;
  private final HttpService http;
  private final String apiKey;

  private SreServer(Investigator investigator, AlertInvestigations alerts, String apiKey, String host, int port,
      PrometheusRegistry registry) {
    this.investigator = investigator;
    this.alerts = alerts;
    this.apiKey = apiKey;
    MetricsEndpoint metrics = new MetricsEndpoint(registry);
    this.http = HttpService.builder("sre").host(host).port(port)
        .errorBodies((status, message) -> Json.MAPPER.writeValueAsBytes(Json.object().put("detail", message)))
        .servlet(guarded(new ChatServlet(investigator, CONCURRENT_CHATS)), "/api/chat")
        .servlet(guarded(post(this::alerts)), "/api/alerts")
        .servlet(guarded(get((request, response) -> model(response))), "/api/model")
        .servlet(guarded(get((request, response) -> findings(request, response))), "/api/findings")
        .servlet(guarded(get((request, response) -> investigations(response))), "/api/investigations")
        .servlet(get((request, response) -> json(response, 200, Json.object().put("status", "healthy"))), "/healthz")
        .servlet(get((request, response) -> ready(response)), "/readyz")
        .servlet(get(metrics::write), "/metrics")
        .servlet(get(SreServer::page), "/", "/index.html", "/app.js", "/lantern-ui/*")
        .start();
  }

  public static SreServer start(Investigator investigator, AlertStore store, dev.lantern.sre.alerts.TelegramSender telegram,
      SreMetrics metrics, PrometheusRegistry registry, String apiKey, String host, int port) {
    AlertInvestigations alerts = new AlertInvestigations(store, investigator, telegram, metrics);
    return new SreServer(investigator, alerts, apiKey, host, port, registry);
  }

  public URI uri() {
    return http.uri();
  }

  public AlertInvestigations alerts() {
    return alerts;
  }

  public void join() throws InterruptedException {
    http.join();
  }

  private void alerts(HttpServletRequest request, HttpServletResponse response) throws IOException {
    AlertGroup group;
    try {
      group = AlertGroup.parse(JsonBodies.object(request, MAX_ALERT_BODY));
    } catch (BadRequest e) {
      detail(response, e.status(), e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      detail(response, 400, e.getMessage());
      return;
    }
    try {
      AlertInvestigations.Received received = alerts.receive(group);
      if (received.outcome() == AlertInvestigations.Outcome.BUSY) {
        response.setHeader("Retry-After", "60");
        detail(response, 503, "too many alert groups are waiting for an investigation; Alertmanager will retry");
        return;
      }
      ObjectNode body = Json.object().put("status", received.outcome().name().toLowerCase(java.util.Locale.ROOT));
      if (received.id() != null) {
        body.put("id", received.id());
      }
      json(response, 202, body);
    } catch (SQLException e) {
      detail(response, 503, "sre.db cannot be written (" + e.getMessage() + "); Alertmanager will retry");
    }
  }

  private void model(HttpServletResponse response) throws IOException {
    // HolmesGPT returns the list JSON-encoded inside a string; its clients parse it twice.
    String names = Json.MAPPER.writeValueAsString(Json.MAPPER.createArrayNode().add(investigator.defaultModel()));
    json(response, 200, Json.object().put("model_name", names));
  }

  private void findings(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String namespace = request.getParameter("namespace");
    if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      detail(response, 400, "'namespace' must be a Kubernetes namespace name");
      return;
    }
    Investigator.Findings findings = investigator.findings(namespace == null || namespace.isBlank() ? null : namespace);
    json(response, findings.error() == null ? 200 : 502, Json.object().put("report", findings.report())
        .put("error", findings.error()));
  }

  private void investigations(HttpServletResponse response) throws IOException {
    ArrayNode list = Json.MAPPER.createArrayNode();
    try {
      for (AlertStore.Entry entry : alerts.store().recent(50)) {
        list.addObject().put("id", entry.id()).put("title", entry.title()).put("state", entry.state())
            .put("firing", entry.firing()).put("received_at", entry.receivedAt().toString())
            .put("finished_at", entry.finishedAt() == null ? null : entry.finishedAt().toString())
            .put("answer", entry.answer()).put("delivered", entry.delivered());
      }
    } catch (SQLException e) {
      detail(response, 503, "sre.db cannot be read: " + e.getMessage());
      return;
    }
    ObjectNode body = Json.object();
    body.set("investigations", list);
    json(response, 200, body);
  }

  private void ready(HttpServletResponse response) throws IOException {
    ObjectNode body = Json.object();
    boolean ready = true;
    ObjectNode kube = body.putObject("kube_mcp");
    for (McpServer server : investigator.kubeServers()) {
      boolean up = server.state() == McpServer.State.CONNECTED;
      kube.put("ok", up).put("detail", up ? server.tools().size() + " tools" : String.valueOf(server.lastError()));
      ready &= up;
    }
    body.putArray("models").add(investigator.defaultModel());
    if (!ready) {
      body.put("detail", "Service not ready: kube-mcp is not connected");
    }
    body.put("status", ready ? "ready" : "not ready");
    json(response, ready ? 200 : 503, body);
  }

  /** The chat page, its script and the shared markdown renderer; any other path is the page. */
  private static void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (!PAGE.serve(path, response)) {
      PAGE.serve("/", response);
    }
  }

  /** With a key configured: X-API-Key or Authorization: Bearer, compared in constant time. */
  private HttpServlet guarded(HttpServlet servlet) {
    if (apiKey == null) {
      return servlet;
    }
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response)
          throws IOException, jakarta.servlet.ServletException {
        String presented = request.getHeader("X-API-Key");
        String authorization = request.getHeader("Authorization");
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
          presented = authorization.substring(7).strip();
        }
        if (presented == null || !Secrets.constantTimeEquals(apiKey, presented)) {
          response.setHeader("WWW-Authenticate", "Bearer");
          detail(response, 401, "missing or wrong API key: send it as X-API-Key or Authorization: Bearer (SRE_API_KEY)");
          return;
        }
        servlet.service(request, response);
      }
    };
  }

  static void json(HttpServletResponse response, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** HolmesGPT's error shape: {@code {"detail": "..."}}. */
  static void detail(HttpServletResponse response, int status, String message) throws IOException {
    json(response, status, Json.object().put("detail", message));
  }

  @FunctionalInterface
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

  private static HttpServlet get(Handler handler) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handler.handle(request, response);
      }
    };
  }

  private static HttpServlet post(Handler handler) {
    return new HttpServlet() {
      @Override
      protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handler.handle(request, response);
      }
    };
  }

  @Override
  public void close() {
    http.close();
    alerts.close();
  }
}
