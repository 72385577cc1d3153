package dev.lantern.assistant.session;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.llm.ChatRequest;
import dev.lantern.agent.llm.LlmException;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.TextSink;
import dev.lantern.agent.tool.BaseTool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * {@code session_search}: finds past conversations by their words. Long results are summarised by
 * the model against the query, so a small model gets the relevant part instead of pages of
 * excerpts.
 */
public final class SessionSearchTool extends BaseTool {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  static final int SUMMARISE_ABOVE = 3_000;
  private static final JsonNode SCHEMA = Tools.schema("""
      {"type":"object","properties":{
        "query":{"type":"string","description":"words to look for in past conversations"},
        "limit":{"type":"integer","minimum":1,"maximum":50,"description":"at most this many matches (10)"}},
       "required":["query"]}""");

  private final SessionStore store;
  private final Supplier<String> currentSession;
  private final ChatModel model;
  private final String modelName;
  private final String owner;

  /** @param owner whose sessions it searches ({@code memory.scope: user}); null for everyone's */
  public SessionSearchTool(SessionStore store, Supplier<String> currentSession, ChatModel model, String modelName,
      String owner) {
    super("session_search", "Search your past conversations with the user (not this one) for words; returns the matching excerpts"
        + " with their dates. Use it when the user refers to something discussed before.", SCHEMA, true);
    this.store = store;
    this.currentSession = currentSession;
    this.model = model;
    this.modelName = modelName;
    this.owner = owner;
  }

  @Override
  public ToolResult call(ToolArgs arguments) throws ToolException {
    String query = arguments.required("query");
    int limit = arguments.integer("limit", 1, 50).orElse(10L).intValue();
    List<SearchHit> hits = store.search(query, limit, currentSession.get(), owner);
    if (hits.isEmpty()) {
      return ToolResult.ok("no past conversation mentions: " + query);
    }
    StringBuilder text = new StringBuilder();
    for (SearchHit hit : hits) {
      text.append("[").append(DAY.format(hit.at())).append(" · session ").append(hit.sessionId());
      if (hit.sessionTitle() != null) {
        text.append(" · \"").append(hit.sessionTitle()).append('"');
      }
      text.append("] ").append(hit.role()).append(": ").append(hit.snippet()).append('\n');
    }
    return ToolResult.ok(text.length() > SUMMARISE_ABOVE ? summarised(query, text.toString()) : text.toString().strip());
  }

  private String summarised(String query, String excerpts) {
    ChatRequest request = new ChatRequest(modelName, List.of(
        Message.system("Summarise these excerpts of past conversations for the question below. Keep dates, names,"
            + " numbers and decisions; say which session each fact came from; drop what is unrelated."),
        Message.user("Question: " + query + "\n\nExcerpts:\n" + excerpts)), List.of(), 800);
    try {
      return "[summary of " + excerpts.lines().count() + " matches]\n"
          + model.complete(request, TextSink.IGNORE, new Cancellation()).message().content().strip();
    } catch (LlmException e) {
      return excerpts.substring(0, SUMMARISE_ABOVE) + "\n[more matches cut; search with more specific words]";
    }
  }
}
