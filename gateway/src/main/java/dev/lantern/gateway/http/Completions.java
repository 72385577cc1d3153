package dev.lantern.gateway.http;

import dev.lantern.common.http.ErrorBodies;
import dev.lantern.gateway.config.RouterSettings;
import dev.lantern.gateway.cost.Cost;
import dev.lantern.gateway.cost.CostCalculator;
import dev.lantern.gateway.keys.Ticket;
import dev.lantern.gateway.metrics.GatewayMetrics;
import dev.lantern.gateway.provider.EmbeddingsProvider;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.ProviderResponse;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.provider.Usage;
import dev.lantern.gateway.routing.CallContext;
import dev.lantern.gateway.routing.Deployment;
import dev.lantern.gateway.routing.Routed;
import dev.lantern.gateway.routing.Router;
import dev.lantern.gateway.routing.Target;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's request path for {@code /chat/completions} (whole and streamed) and {@code
 * /embeddings}: validate → route (retries, fallbacks) → answer with LiteLLM's headers → account
 * (cost, tokens, metrics).
 */
final class Completions {
  private static final Logger LOG = LoggerFactory.getLogger(Completions.class);

  private final Router router;
  private final RouterSettings settings;
  private final GatewayMetrics metrics;
  private final CostCalculator costs;
  private final boolean dropParams;

  Completions(Router router, RouterSettings settings, GatewayMetrics metrics, CostCalculator costs, boolean dropParams) {
    this.router = router;
    this.settings = settings;
    this.metrics = metrics;
    this.costs = costs;
    this.dropParams = dropParams;
  }

  void chat(Exchange exchange, ObjectNode body, String group) throws IOException {
    Validation.chat(body);
    UpstreamBodies.stripLiteLlmKeys(body);
    CallContext context = context(exchange, group);
    context.needs(estimatedPromptTokens(body), body.path("tools").isArray() && !body.path("tools").isEmpty());
    if (body.path("stream").asBoolean(false)) {
      streamChat(exchange, body, context);
    } else {
      whole(exchange, body, context, false);
    }
  }

  void embeddings(Exchange exchange, ObjectNode body, String group) throws IOException {
    Validation.embeddings(body);
    UpstreamBodies.stripLiteLlmKeys(body);
    whole(exchange, body, context(exchange, group), true);
  }

  private void whole(Exchange exchange, ObjectNode body, CallContext context, boolean embeddings) throws IOException {
    Routed<ProviderResponse> routed;
    try {
      routed = router.route(context.requestedGroup(), context, target -> {
        Deployment deployment = target.deployment();
        ObjectNode upstreamBody = UpstreamBodies.forTarget(body, target, dropParams);
        Duration timeout = deployment.config().timeout().orElse(settings.timeout());
        if (!embeddings) {
          return deployment.provider().chat(upstreamBody, timeout);
        }
        if (deployment.provider() instanceof EmbeddingsProvider provider) {
          try {
            return provider.embeddings(upstreamBody, timeout);
          } catch (UpstreamException e) {
            if (e.kind() == FailureKind.DEPLOYMENT_REJECTED && (e.status() == 404 || e.status() == 405)) {
              // A chat model asked for embeddings: the request's mistake, not the deployment's.
              throw new UpstreamException(FailureKind.BAD_REQUEST, 400,
                  e.getMessage() + " (model '" + deployment.modelName() + "' does not serve embeddings)");
            }
            throw e;
          }
        }
        throw new UpstreamException(FailureKind.BAD_REQUEST, 400,
            "model '" + deployment.modelName() + "' (" + deployment.model() + ") cannot create embeddings");
      });
    } catch (UpstreamException failure) {
      fail(exchange, context, failure);
      return;
    }
    try (routed) {
      ProviderResponse answer = routed.value();
      Usage usage = answer.usage();
      Cost cost = cost(routed.target(), usage);
      HttpServletResponse response = exchange.response();
      response.setStatus(200);
      response.setContentType("application/json");
      setHeaders(response, context, routed, System.nanoTime());
      response.setHeader("x-litellm-response-cost", Double.toString(cost.usd()));
      response.setContentLength(answer.body().length);
      // Accounted before writing: the upstream has answered (and billed) whether or not the client stays.
      account(exchange, context, routed, usage, cost, -1, answer.rateLimits(), true);
      response.getOutputStream().write(answer.body());
    }
  }

  private void streamChat(Exchange exchange, ObjectNode body, CallContext context) throws IOException {
    JsonNode options = body.get("stream_options");
    boolean clientWantsUsage = options != null && options.path("include_usage").asBoolean(false);
    if (!clientWantsUsage) {
      ObjectNode upstreamOptions = body.putObject("stream_options");
      if (options != null && options.isObject()) {
        upstreamOptions.setAll((ObjectNode) options);
      }
      upstreamOptions.put("include_usage", true);
    }
    Routed<StreamRelay> routed;
    try {
      routed = router.route(context.requestedGroup(), context, target -> {
        Deployment deployment = target.deployment();
        ObjectNode upstreamBody = UpstreamBodies.forTarget(body, target, dropParams);
        Duration timeout = deployment.config().streamTimeout()
            .or(() -> deployment.config().timeout())
            .orElse(settings.streamTimeout());
        return StreamRelay.prime(deployment.provider().stream(upstreamBody, timeout), target.model(),
            clientWantsUsage);
      });
    } catch (UpstreamException failure) {
      fail(exchange, context, failure);
      return;
    }

    try (routed) {
      relay(exchange, context, routed, promptChars(body));
    }
  }

  private void relay(Exchange exchange, CallContext context, Routed<StreamRelay> routed, long promptChars)
      throws IOException {
    HttpServletResponse response = exchange.response();
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("utf-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no"); // proxies in front (nginx, Traefik) must not buffer
    setHeaders(response, context, routed, System.nanoTime());
    ServletOutputStream out = response.getOutputStream();
    StreamRelay relay = routed.value();
    try {
      relay.relay(new StreamRelay.Sink() {
        @Override
        public void write(byte[] bytes) throws IOException {
          out.write(bytes);
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }
      });
    } catch (UpstreamException late) {
      // Bytes already reached the client: no silent switch to another model, an error event instead.
      router.lateFailure(routed.target(), late, context, System.nanoTime() - routed.attemptStartNanos());
      LOG.warn("call {}: stream from {} broke off after it started: {}", context.callId(), routed.deployment().model(),
          late.getMessage());
      metrics.requestFailed(context.caller(), context.requestedGroup(), exchange.route(), late.status(),
          late.kind().litellmClass(), routed.deployment().id());
      // What streamed before the break was generated, and billed upstream: it counts against the key.
      Usage partial = relay.usage(promptChars);
      exchange.ticket().finish(new Ticket.Outcome(context.callId(), callType(exchange), context.requestedGroup(),
          routed.deployment().id(), routed.target().model(), exchange.endUser(), partial.promptTokens(),
          partial.completionTokens(), cost(routed.target(), partial).usd(), late.status()));
      try {
        out.write(StreamRelay.errorEvent(late));
        out.flush();
      } catch (IOException clientGone) {
        // nothing more to tell a client that left
      }
      return;
    } catch (IOException clientGone) {
      LOG.info("call {}: the client closed the stream early", context.callId());
      finish(exchange, context, routed, relay, promptChars, false);
      return;
    }
    finish(exchange, context, routed, relay, promptChars, true);
  }

  private void finish(Exchange exchange, CallContext context, Routed<StreamRelay> routed, StreamRelay relay,
      long promptChars, boolean clientStayed) {
    long ttft = relay.firstContentNanos() < 0 ? -1 : relay.firstContentNanos() - routed.attemptStartNanos();
    Usage usage = relay.usage(promptChars);
    account(exchange, context, routed, usage, cost(routed.target(), usage), ttft, relay.rateLimits(), clientStayed);
  }

  /** Counts a call the upstream answered; {@code clientStayed} is false when the client left early (499). */
  private void account(Exchange exchange, CallContext context, Routed<?> routed, Usage usage, Cost cost, long ttft,
      RateLimits rateLimits, boolean clientStayed) {
    long end = System.nanoTime();
    Target target = routed.target();
    Deployment deployment = target.deployment();
    router.succeeded(deployment);
    deployment.usedTokens(System.currentTimeMillis(), usage.totalTokens());
    metrics.attemptSucceeded(context, target, end - routed.attemptStartNanos(), ttft, usage.completionTokens(),
        rateLimits);
    metrics.llmCallUsage(context, target, usage, cost);
    exchange.ticket().finish(new Ticket.Outcome(context.callId(), callType(exchange), context.requestedGroup(),
        deployment.id(), target.model(), exchange.endUser(), usage.promptTokens(), usage.completionTokens(), cost.usd(),
        clientStayed ? 200 : 499));
    if (clientStayed) {
      metrics.requestSucceeded(context, target, exchange.route(), end);
    } else {
      metrics.requestFailed(context.caller(), context.requestedGroup(), exchange.route(), 499, "ClientDisconnect",
          deployment.id());
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("call {}: {} served by {} ({} retries, {} fallbacks, {} tokens, ${})", context.callId(),
          context.requestedGroup(), target.model(), context.retries(), context.fallbacks(), usage.totalTokens(),
          String.format(Locale.ROOT, "%.6f", cost.usd()));
    }
  }

  private void fail(Exchange exchange, CallContext context, UpstreamException failure) throws IOException {
    LOG.warn("call {}: model '{}' failed with {} after {} retries and {} fallbacks: {}", context.callId(),
        context.requestedGroup(), failure.status(), context.retries(), context.fallbacks(), failure.getMessage());
    metrics.requestFailed(context.caller(), context.requestedGroup(), exchange.route(), failure.status(),
        failure.kind().litellmClass(), "None");
    exchange.ticket().finish(new Ticket.Outcome(context.callId(), callType(exchange), context.requestedGroup(), null,
        null, exchange.endUser(), 0, 0, 0, failure.status()));
    HttpServletResponse response = exchange.response();
    response.setHeader("x-litellm-call-id", context.callId());
    response.setHeader("x-litellm-attempted-retries", Integer.toString(context.retries()));
    response.setHeader("x-litellm-attempted-fallbacks", Integer.toString(context.fallbacks()));
    failure.retryAfter().ifPresent(wait -> response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
    byte[] body = ErrorBodies.openAiError(failure.getMessage(), ErrorBodies.typeFor(failure.status()), null,
        Integer.toString(failure.status()));
    response.setStatus(failure.status());
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private Cost cost(Target target, Usage usage) {
    return costs.cost(target.deployment().config(), target.model(), target.upstreamModel(), usage);
  }

  /** The call's context; routing starts now, so the time since the request arrived is its queue time. */
  private static CallContext context(Exchange exchange, String group) {
    CallContext context = new CallContext(exchange.callId(), group, exchange.caller(), exchange.startNanos());
    context.routingStarts(exchange.arrivalNanos(), System.nanoTime());
    return context;
  }

  private static String callType(Exchange exchange) {
    return exchange.route().equals("/embeddings") ? "aembedding" : "acompletion";
  }

  private static void setHeaders(HttpServletResponse response, CallContext context, Routed<?> routed, long nowNanos) {
    Deployment deployment = routed.deployment();
    response.setHeader("x-litellm-call-id", context.callId());
    response.setHeader("x-litellm-model-id", deployment.id());
    response.setHeader("x-litellm-model-group", routed.group());
    response.setHeader("x-litellm-model-api-base", deployment.provider().apiBase());
    response.setHeader("x-litellm-attempted-retries", Integer.toString(context.retries()));
    response.setHeader("x-litellm-attempted-fallbacks", Integer.toString(context.fallbacks()));
    response.setHeader("x-litellm-overhead-duration-ms", millis(context.overheadNanos(nowNanos)));
  }

  /** Nanoseconds as milliseconds with three decimals, without String.format on the hot path. */
  static String millis(long nanos) {
    long micros = nanos / 1_000;
    long fraction = micros % 1_000;
    return (micros / 1_000) + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + fraction;
  }

  /**
   * About how many tokens the prompt is, for the pre-call checks: four characters a token (the
   * usual rule for English and code), plus a few per message and the tools' schemas. A
   * tokenizer per model would be exact; the checks only need to know "far too long".
   */
  static long estimatedPromptTokens(ObjectNode body) {
    long messages = body.path("messages").size();
    long tools = body.path("tools").isArray() ? body.get("tools").toString().length() : 0;
    return (promptChars(body) + tools) / 4 + 4 * messages;
  }

  /** The characters of the prompt, for a usage estimate when a stream reports none. */
  private static long promptChars(ObjectNode body) {
    long chars = 0;
    for (JsonNode message : body.path("messages")) {
      JsonNode content = message.get("content");
      if (content != null && content.isString()) {
        chars += content.asString().length();
      }
    }
    return chars;
  }
}
