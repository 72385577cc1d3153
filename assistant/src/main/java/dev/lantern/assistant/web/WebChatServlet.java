package dev.lantern.assistant.web;

import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.llm.ToolCall;
import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.home.AssistantConfig.ApiServerSettings;
import dev.lantern.assistant.memory.MemoryStore;
import dev.lantern.assistant.session.SearchHit;
import dev.lantern.assistant.session.SessionInfo;
import dev.lantern.assistant.session.SessionStore;
import dev.lantern.common.http.ErrorBodies;
import dev.lantern.common.http.JsonResponses;
import dev.lantern.common.http.WebAssets;
import dev.lantern.common.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web chat at {@code /}: a page from the jar that talks to the assistant through its own
 * OpenAI-compatible API ({@code /v1}, streamed, tool progress folded), and the few reads the page
 * needs beside it under {@code /api}: the session list, session search, one session's transcript
 * and the memory files. The page is public (it holds no data); every {@code /api} read wants the
 * API server's key, so the web chat is on exactly when the API server is.
 */
public final class WebChatServlet extends HttpServlet {
  static final int MAX_SESSIONS = 200;
  static final int MAX_QUERY_CHARS = 500;
  /** A transcript shows its newest messages: a months-long Telegram chat would be megabytes. */
  static final int MAX_MESSAGES = 400;
  private static final int SEARCH_HITS = 20;
  private static final int TOOL_PREVIEW_CHARS = 2_000;
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final String API_SOURCE = "api:";
  private static final WebAssets PAGE = WebAssets.chatPage(Map.of("/", "/assistant-ui/index.html", "/index.html",
      "/assistant-ui/index.html", "/app.js", "/assistant-ui/app.js"));

  private final Assistant assistant;
  private final ApiServerSettings settings;

  public WebChatServlet(Assistant assistant) {
    this.assistant = assistant;
    this.settings = assistant.config().apiServer();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (!path.startsWith("/api/")) {
      if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
        response.setHeader("Allow", "GET");
        error(response, 405, "the web chat's pages are read with GET; the chat itself is POST /v1/chat/completions");
      } else if (!PAGE.serve(path, response)) {
        error(response, 404, "no page at " + path + "; the web chat is at /");
      }
      return;
    }
    if (!settings.enabled()) {
      error(response, 404, "the web chat is off, as the API server is: " + ApiServerSettings.HOW_TO_ENABLE);
      return;
    }
    if (!settings.authorizes(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", "Bearer");
      error(response, 401, "missing or wrong key: the web chat wants API_SERVER_KEY as Authorization: Bearer <key>");
      return;
    }
    if (!request.getMethod().equals("GET")) {
      response.setHeader("Allow", "GET");
      error(response, 405, "use GET here");
      return;
    }
    route(path.substring("/api".length()), request, response);
  }

  private void route(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (path.equals("/sessions")) {
      Optional<Integer> limit = limit(request.getParameter("limit"));
      if (limit.isEmpty()) {
        error(response, 400, "'limit' must be a whole number from 1 to " + MAX_SESSIONS);
        return;
      }
      sessions(limit.get(), response);
    } else if (path.equals("/sessions/search")) {
      search(request.getParameter("q"), response);
    } else if (path.startsWith("/sessions/")) {
      transcript(path.substring("/sessions/".length()), response);
    } else if (path.equals("/memory")) {
      memory(response);
    } else {
      error(response, 404, "no route GET /api" + path + "; the web chat reads /api/sessions, /api/sessions/search?q=,"
          + " /api/sessions/<id> and /api/memory");
    }
  }

  private void sessions(int limit, HttpServletResponse response) throws IOException {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("sessions");
    for (SessionInfo info : store().recent(limit)) {
      list.add(session(info));
    }
    JsonResponses.write(response, 200, body);
  }

  private void search(String query, HttpServletResponse response) throws IOException {
    if (query == null || query.isBlank() || query.length() > MAX_QUERY_CHARS) {
      error(response, 400, "'q' must be 1 to " + MAX_QUERY_CHARS + " characters of words to look for");
      return;
    }
    ObjectNode body = Json.object();
    ArrayNode hits = body.putArray("hits");
    for (SearchHit hit : store().search(query, SEARCH_HITS, null)) {
      hits.addObject().put("session_id", hit.sessionId()).put("title", hit.sessionTitle()).put("role", hit.role())
          .put("at", hit.at().toString()).put("snippet", hit.snippet());
    }
    JsonResponses.write(response, 200, body);
  }

  private void transcript(String id, HttpServletResponse response) throws IOException {
    Optional<SessionInfo> info = SESSION_ID.matcher(id).matches() ? store().session(id) : Optional.empty();
    if (info.isEmpty()) {
      error(response, 404, "no session '" + abbreviate(id, 80) + "'; GET /api/sessions lists them");
      return;
    }
    List<Message> messages = store().messages(id);
    int from = Math.max(0, messages.size() - MAX_MESSAGES);
    ObjectNode body = Json.object();
    body.set("session", session(info.get()));
    body.put("omitted", from);
    ArrayNode list = body.putArray("messages");
    for (Message message : messages.subList(from, messages.size())) {
      if (message.role() != Role.SYSTEM) {
        list.add(message(message));
      }
    }
    JsonResponses.write(response, 200, body);
  }

  private void memory(HttpServletResponse response) throws IOException {
    MemoryStore memory = assistant.memory();
    ObjectNode body = Json.object();
    for (MemoryStore.Target target : MemoryStore.Target.values()) {
      List<String> entries = memory.entries(target);
      ObjectNode file = body.putObject(target == MemoryStore.Target.MEMORY ? "memory" : "user");
      file.put("usage", memory.usage(target, entries));
      ArrayNode list = file.putArray("entries");
      entries.forEach(list::add);
    }
    JsonResponses.write(response, 200, body);
  }

  /**
   * A session row for the page. {@code continue_with} is the session header that carries it on:
   * only API sessions have one; a Telegram chat is read here and answered there.
   */
  private static ObjectNode session(SessionInfo info) {
    ObjectNode node = Json.object().put("id", info.id()).put("source", info.source()).put("title", info.title())
        .put("started_at", info.startedAt().toString()).put("updated_at", info.updatedAt().toString());
    String source = info.source();
    if (source.startsWith(API_SOURCE) && source.length() > API_SOURCE.length()) {
      node.put("continue_with", source.substring(API_SOURCE.length()));
    } else {
      node.putNull("continue_with");
    }
    return node;
  }

  private static ObjectNode message(Message message) {
    ObjectNode node = Json.object().put("role", message.role().wire());
    String content = message.content() == null ? "" : message.content();
    node.put("content", message.role() == Role.TOOL ? abbreviate(content, TOOL_PREVIEW_CHARS) : content);
    if (message.toolCallId() != null) {
      node.put("tool_call_id", message.toolCallId()).put("name", message.name());
    }
    if (message.callsTools()) {
      ArrayNode calls = node.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        calls.addObject().put("id", call.id()).put("name", call.name())
            .put("arguments", abbreviate(call.arguments(), TOOL_PREVIEW_CHARS));
      }
    }
    return node;
  }

  private SessionStore store() {
    return assistant.sessions();
  }

  private static Optional<Integer> limit(String text) {
    if (text == null) {
      return Optional.of(50);
    }
    if (!text.matches("\\d{1,4}")) {
      return Optional.empty();
    }
    int limit = Integer.parseInt(text);
    return limit >= 1 && limit <= MAX_SESSIONS ? Optional.of(limit) : Optional.empty();
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  private static void error(HttpServletResponse response, int status, String message) throws IOException {
    JsonResponses.error(response, ErrorBodies.OPENAI, status, message);
  }
}
