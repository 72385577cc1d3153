package dev.lantern.assistant.tools;

import dev.lantern.agent.tool.BaseTool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code todo}: the session's task list, for multi-step work. Called without {@code todos} it
 * shows the list; with {@code todos} it replaces the list, or with {@code merge: true} updates the
 * items by id and adds new ones. One list per assistant session, kept in memory.
 */
public final class TodoTool extends BaseTool {
  private static final List<String> STATUSES = List.of("pending", "in_progress", "completed", "cancelled");
  private static final int MAX_ITEMS = 50;
  private static final int MAX_TEXT = 500;
  private static final JsonNode SCHEMA = Tools.schema("""
      {"type":"object","properties":{
        "todos":{"type":"array","items":{"type":"object","properties":{
          "id":{"type":"string"},"content":{"type":"string"},
          "status":{"type":"string","enum":["pending","in_progress","completed","cancelled"]}},
          "required":["id","content","status"]}},
        "merge":{"type":"boolean","description":"update items by id instead of replacing the list"}}}""");

  private record Item(String id, String content, String status) {}

  private final Map<String, Item> items = new LinkedHashMap<>();

  public TodoTool() {
    super("todo", "Plan and track multi-step work in this session. Without 'todos' it shows the list. With 'todos' it"
        + " replaces the list (or, with merge: true, updates items by id). Keep one item in_progress at a time.", SCHEMA, false);
  }

  @Override
  public synchronized ToolResult call(ToolArgs arguments) throws ToolException {
    JsonNode todos = arguments.json().path("todos");
    if (!todos.isMissingNode() && !todos.isNull()) {
      List<Item> parsed = parse(todos);
      boolean merge = arguments.json().path("merge").asBoolean(false);
      if (!merge) {
        items.clear();
      }
      for (Item item : parsed) {
        items.put(item.id(), item);
      }
      if (items.size() > MAX_ITEMS) {
        throw new ToolException("a list holds at most " + MAX_ITEMS + " items; finish or cancel some");
      }
    }
    return ToolResult.ok(render());
  }

  private static List<Item> parse(JsonNode todos) throws ToolException {
    if (!todos.isArray()) {
      throw new ToolException("'todos' must be a list of {id, content, status}");
    }
    List<Item> parsed = new ArrayList<>();
    for (JsonNode todo : todos) {
      String id = todo.path("id").asString("").strip();
      String content = todo.path("content").asString("").strip();
      String status = todo.path("status").asString("");
      if (id.isEmpty() || content.isEmpty()) {
        throw new ToolException("every item needs a non-empty 'id' and 'content'");
      }
      if (!STATUSES.contains(status)) {
        throw new ToolException("'status' must be one of " + String.join(", ", STATUSES) + ", got '" + status + "'");
      }
      parsed.add(new Item(id, content.length() > MAX_TEXT ? content.substring(0, MAX_TEXT) : content, status));
    }
    return parsed;
  }

  private String render() {
    if (items.isEmpty()) {
      return "the todo list is empty";
    }
    StringBuilder text = new StringBuilder();
    int done = 0;
    for (Item item : items.values()) {
      String mark = switch (item.status()) {
        case "completed" -> "[x]";
        case "in_progress" -> "[>]";
        case "cancelled" -> "[-]";
        default -> "[ ]";
      };
      done += item.status().equals("completed") ? 1 : 0;
      text.append(mark).append(' ').append(item.id()).append(". ").append(item.content()).append('\n');
    }
    return text.append(done).append('/').append(items.size()).append(" done").toString();
  }
}
