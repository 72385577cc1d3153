package dev.lantern.assistant.api;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ToolCall;
import dev.lantern.agent.llm.Usage;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.ChatSession;
import dev.lantern.assistant.home.AssistantConfig.ApiServerSettings;
import dev.lantern.assistant.messaging.MessagingMetrics;
import dev.lantern.common.http.BadRequest;
import dev.lantern.common.http.ErrorBodies;
import dev.lantern.common.http.EventStream;
import dev.lantern.common.http.JsonBodies;
import dev.lantern.common.http.JsonResponses;
import dev.lantern.common.json.Json;
import dev.lantern.common.secret.Secrets;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hermes's API server: the assistant as an OpenAI-compatible model, so that Open WebUI, LobeChat
 * or any OpenAI client can talk to it. {@code POST /v1/chat/completions} runs a whole agent turn
 * (tools, memory, skills) and answers with its final text, streamed or not; {@code GET /v1/models}
 * lists the assistant. Every route needs {@code API_SERVER_KEY}, compared in constant time.
 *
 * <p>Sessions: with {@code X-Hermes-Session-Id} (or, failing that, OpenAI's {@code user} field) the
 * server keeps the conversation and only the last message is read; without either the client's
 * {@code messages} are the conversation, as with any OpenAI model. Streams carry the tools the turn
 * runs as {@code tool_progress} on chunks with an empty delta: a named SSE event, as Hermes sends,
 * would reach the official OpenAI SDKs as a chunk without {@code choices}.
 */
public final class ApiServlet extends HttpServlet {
  public static final String SESSION_HEADER = "X-Hermes-Session-Id";
  static final int MAX_BODY = 4 * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);
  private static final String PLATFORM = "api";
  private static final int PREVIEW_CHARS = 1_000;

  private final ApiServerSettings settings;
  private final MessagingMetrics metrics;
  private final ApiSessions sessions;
  private final Semaphore running;
  private final long startedAt = System.currentTimeMillis() / 1000;

  /** @param tools by session source, the tools a conversation gets beside the assistant's (jobs, send_message) */
  public ApiServlet(Assistant assistant, ApiServerSettings settings, MessagingMetrics metrics,
      java.util.function.Function<String, List<Tool>> tools) {
    this.settings = settings;
    this.metrics = metrics;
    this.sessions = new ApiSessions(assistant, tools);
    this.running = new Semaphore(settings.maxConcurrentRuns());
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!settings.enabled()) {
      error(response, 404, "the API server is off: " + ApiServerSettings.HOW_TO_ENABLE
          + " to use the assistant as an OpenAI-compatible model");
      return;
    }
    if (!settings.authorizes(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", "Bearer");
      error(response, 401, "missing or wrong API key: send API_SERVER_KEY as Authorization: Bearer <key>");
      return;
    }
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    String method = request.getMethod();
    switch (path) {
      case "/models" -> {
        if (method.equals("GET")) {
          models(response);
        } else {
          notAllowed(response, "GET");
        }
      }
      case "/chat/completions" -> {
        if (method.equals("POST")) {
          chat(request, response);
        } else {
          notAllowed(response, "POST");
        }
      }
      default -> error(response, 404, "no route " + method + " /v1" + path + "; the assistant serves"
          + " POST /v1/chat/completions and GET /v1/models");
    }
  }

  /** Ends the sessions held in memory (they stay resumable). */
  public void close() {
    sessions.close();
  }

  private void models(HttpServletResponse response) throws IOException {
    ObjectNode body = Json.object().put("object", "list");
    body.putArray("data").addObject().put("id", settings.modelName()).put("object", "model")
        .put("created", startedAt).put("owned_by", "lantern");
    json(response, 200, body);
  }

  private void chat(HttpServletRequest request, HttpServletResponse response) throws IOException {
    ChatRequest chat;
    String source;
    try {
      chat = ChatRequest.parse(JsonBodies.object(request, MAX_BODY));
      source = source(request.getHeader(SESSION_HEADER), chat.user());
    } catch (BadRequest e) {
      error(response, e.status(), e.getMessage());
      return;
    }
    if (!running.tryAcquire()) {
      response.setHeader("Retry-After", "5");
      error(response, 429, "the assistant is already running " + settings.maxConcurrentRuns() + " turns for API"
          + " clients (gateway.api_server.max_concurrent_runs); try again in a few seconds");
      return;
    }
    metrics.received(PLATFORM, "turn");
    String sessionHeader = request.getHeader(SESSION_HEADER);
    if (sessionHeader != null) {
      response.setHeader(SESSION_HEADER, sessionHeader);
    }
    try {
      ChatSession session = session(source, chat);
      try {
        if (chat.stream()) {
          streamed(session, chat, response);
        } else {
          whole(session, chat, response);
        }
      } finally {
        if (source == null) {
          session.end();
        }
      }
    } finally {
      running.release();
    }
  }

  /**
   * The session store's source for a client-named conversation, or null for a one-off. The header
   * is the client's own id; a {@code user} value may be anything (an e-mail, a name), so it is
   * stored hashed.
   */
  private static String source(String header, String user) throws BadRequest {
    if (header != null) {
      if (!header.matches("[A-Za-z0-9._-]{1,128}")) {
        throw new BadRequest(400, SESSION_HEADER + " must be 1 to 128 letters, digits, '.', '_' or '-'");
      }
      return "api:" + header;
    }
    return user == null ? null : "api-user:" + Secrets.sha256Hex(user).substring(0, 16);
  }

  private ChatSession session(String source, ChatRequest chat) {
    ChatSession session = source == null ? sessions.oneOff() : sessions.get(source);
    session.layerInstructions(chat.instructions());
    if (!session.hasHistory()) {
      session.carryOn(chat.earlier()); // a new server-side session starts from what the client had
    }
    return session;
  }

  private void whole(ChatSession session, ChatRequest chat, HttpServletResponse response) throws IOException {
    TurnOutcome outcome = session.ask(chat.input(), countingTools(), new Cancellation());
    metrics.turn(PLATFORM, outcome.status().name().toLowerCase(Locale.ROOT));
    if (!outcome.answered()) {
      failed(response, outcome);
      return;
    }
    ObjectNode body = Json.object().put("id", completionId()).put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000).put("model", settings.modelName());
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", outcome.answer());
    choice.put("finish_reason", "stop");
    body.set("usage", usage(outcome.usage()));
    json(response, 200, body);
  }

  private void streamed(ChatSession session, ChatRequest chat, HttpServletResponse response) throws IOException {
    Cancellation cancellation = new Cancellation();
    EventStream events = EventStream.open(response, cancellation::cancel); // the client left: stop the turn
    Chunks chunks = new Chunks(events, completionId(), settings.modelName());
    chunks.delta(Json.object().put("role", "assistant").put("content", ""));
    TurnOutcome outcome = session.ask(chat.input(), new TurnListener() {
      private boolean wroteText;
      private boolean toolsSinceText;

      @Override
      public void text(String delta) {
        // Text before and after tool calls are separate messages: keep them apart in the stream.
        String separator = wroteText && toolsSinceText ? "\n\n" : "";
        wroteText = true;
        toolsSinceText = false;
        chunks.delta(Json.object().put("content", separator + delta));
      }

      @Override
      public void toolCall(ToolCall call) {
        toolsSinceText = true;
        metrics.toolCall(PLATFORM);
        chunks.toolProgress(Json.object().put("id", call.id()).put("name", call.name())
            .put("arguments", preview(call.arguments())).put("status", "started"));
      }

      @Override
      public void toolResult(ToolCall call, ToolResult result) {
        chunks.toolProgress(Json.object().put("id", call.id()).put("name", call.name())
            .put("status", result.error() ? "failed" : "done").put("result", preview(result.text())));
      }
    }, cancellation);
    metrics.turn(PLATFORM, outcome.status().name().toLowerCase(Locale.ROOT));
    if (outcome.status() == TurnOutcome.Status.FAILED) {
      // The SDKs turn a data event holding "error" into an exception for the caller.
      events.data(Json.object().set("error", errorNode(modelFailure(outcome), "api_error")));
      return;
    }
    chunks.finish(outcome.status() == TurnOutcome.Status.ANSWERED ? "stop" : "length");
    if (chat.includeUsage()) {
      chunks.usage(usage(outcome.usage()));
    }
    events.data("[DONE]");
  }

  /** The {@code chat.completion.chunk} events of one answer. */
  private record Chunks(EventStream events, String id, String model) {
    void delta(ObjectNode delta) {
      ObjectNode chunk = chunk();
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      choice.set("delta", delta);
      choice.putNull("finish_reason");
      events.data(chunk);
    }

    void toolProgress(ObjectNode progress) {
      ObjectNode chunk = chunk();
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      choice.putObject("delta");
      choice.putNull("finish_reason");
      chunk.set("tool_progress", progress);
      events.data(chunk);
    }

    void finish(String reason) {
      ObjectNode chunk = chunk();
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      choice.putObject("delta");
      choice.put("finish_reason", reason);
      events.data(chunk);
    }

    void usage(ObjectNode usage) {
      ObjectNode chunk = chunk();
      chunk.putArray("choices");
      chunk.set("usage", usage);
      events.data(chunk);
    }

    private ObjectNode chunk() {
      return Json.object().put("id", id).put("object", "chat.completion.chunk")
          .put("created", System.currentTimeMillis() / 1000).put("model", model);
    }
  }

  private TurnListener countingTools() {
    return new TurnListener() {
      @Override
      public void toolCall(ToolCall call) {
        metrics.toolCall(PLATFORM);
      }
    };
  }

  private void failed(HttpServletResponse response, TurnOutcome outcome) throws IOException {
    if (outcome.status() == TurnOutcome.Status.INTERRUPTED) {
      error(response, 503, "the turn was interrupted (the assistant is stopping); send the message again");
      return;
    }
    metrics.error(PLATFORM, "model");
    log.warn("An API turn failed: {}", outcome.error().getMessage());
    error(response, 502, modelFailure(outcome));
  }

  private static String modelFailure(TurnOutcome outcome) {
    return "the assistant could not reach its model: " + outcome.error().getMessage();
  }

  private static ObjectNode usage(Usage usage) {
    return Json.object().put("prompt_tokens", usage.promptTokens()).put("completion_tokens", usage.completionTokens())
        .put("total_tokens", usage.totalTokens());
  }

  private static String preview(String text) {
    return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "…";
  }

  private static String completionId() {
    return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
  }

  private static void notAllowed(HttpServletResponse response, String allowed) throws IOException {
    response.setHeader("Allow", allowed);
    error(response, 405, "use " + allowed + " here");
  }

  private static ObjectNode errorNode(String message, String type) {
    return Json.object().put("message", message).put("type", type).putNull("param").putNull("code");
  }

  private static void error(HttpServletResponse response, int status, String message) throws IOException {
    JsonResponses.error(response, ErrorBodies.OPENAI, status, message);
  }

  private static void json(HttpServletResponse response, int status, ObjectNode body) throws IOException {
    JsonResponses.write(response, status, body);
  }
}
