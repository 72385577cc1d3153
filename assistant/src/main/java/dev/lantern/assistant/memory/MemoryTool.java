package dev.lantern.assistant.memory;

import dev.lantern.agent.tool.BaseTool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The {@code memory} tool: add, replace and remove entries of MEMORY.md or USER.md. */
public final class MemoryTool extends BaseTool {
  private static final JsonNode SCHEMA = Tools.schema("""
      {"type":"object","properties":{
        "action":{"type":"string","enum":["add","replace","remove"]},
        "target":{"type":"string","enum":["memory","user"],
          "description":"memory: your notes on the environment, tools and lessons; user: who the user is and how they like to work"},
        "content":{"type":"string","description":"the entry (add, replace)"},
        "old_text":{"type":"string","description":"a unique piece of the entry to replace or remove"}},
       "required":["action","target"]}""");

  private final MemoryStore store;

  public MemoryTool(MemoryStore store) {
    super("memory", "Save durable facts for future sessions: stable facts about the user (target user) or about the"
        + " environment, conventions and lessons learnt (target memory). Keep entries short; no task progress or"
        + " temporary state. Both files have a size limit: consolidate when told.", SCHEMA, false);
    this.store = store;
  }

  @Override
  public ToolResult call(ToolArgs arguments) throws ToolException {
    String action = arguments.choice("action", List.of("add", "replace", "remove"));
    MemoryStore.Target target = MemoryStore.Target.of(arguments.choice("target", List.of("memory", "user")));
    try {
      return ToolResult.ok(switch (action) {
        case "add" -> store.add(target, arguments.required("content"));
        case "replace" -> store.replace(target, arguments.required("old_text"), arguments.required("content"));
        default -> store.remove(target, arguments.required("old_text"));
      });
    } catch (MemoryException e) {
      return ToolResult.error(e.getMessage());
    }
  }
}
