package dev.lantern.assistant.skills;

import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import java.util.List;

/** {@code skills_list}, {@code skill_view} and {@code skill_manage} over one {@link SkillStore}. */
public final class SkillTools {
  private SkillTools() {}

  public static List<Tool> all(SkillStore store) {
    return List.of(list(store), view(store), manage(store));
  }


  static Tool list(SkillStore store) {
    return Tools.define("skills_list", "List your saved skills (reusable procedures): name, category, description.",
        Tools.schema("{\"type\":\"object\",\"properties\":{}}"), true, args -> {
          List<Skill> skills = store.list();
          if (skills.isEmpty()) {
            return ToolResult.ok("no skills yet");
          }
          StringBuilder text = new StringBuilder();
          for (Skill skill : skills) {
            text.append(skill.category()).append('/').append(skill.name()).append(": ").append(skill.description())
                .append('\n');
          }
          return ToolResult.ok(text.toString().strip());
        });
  }

  static Tool view(SkillStore store) {
    return Tools.define("skill_view", "Read a skill's SKILL.md, or one of its files (file_path, e.g."
            + " references/api.md). Load a skill before following it.",
        Tools.schema("""
            {"type":"object","properties":{"name":{"type":"string"},"file_path":{"type":"string"}},
             "required":["name"]}"""), true, args -> {
          try {
            String name = args.required("name");
            String file = args.string("file_path").orElse(null);
            String text = store.view(name, file);
            if (file == null) {
              List<String> files = store.files(store.find(name).orElseThrow());
              if (!files.isEmpty()) {
                text += "\n\n[files in this skill: " + String.join(", ", files) + "]";
              }
            }
            return ToolResult.ok(text);
          } catch (SkillException e) {
            return ToolResult.error(e.getMessage());
          }
        });
  }

  static Tool manage(SkillStore store) {
    return Tools.define("skill_manage", """
            Create and maintain skills: reusable procedures you have worked out. actions: create (name, content = \
            the whole SKILL.md with frontmatter 'name' and 'description', optional category), patch (name, \
            old_string, new_string), edit (name, content), delete (name), write_file (name, file_path under \
            references/, templates/, scripts/ or assets/, file_content), remove_file (name, file_path).""",
        Tools.schema("""
            {"type":"object","properties":{
              "action":{"type":"string","enum":["create","patch","edit","delete","write_file","remove_file"]},
              "name":{"type":"string","description":"lower-case letters, digits, '.', '_' or '-'; at most 64"},
              "category":{"type":"string"},
              "content":{"type":"string"},
              "old_string":{"type":"string"},
              "new_string":{"type":"string"},
              "file_path":{"type":"string"},
              "file_content":{"type":"string"}},
             "required":["action","name"]}"""), false, args -> {
          String action = args.choice("action", List.of("create", "patch", "edit", "delete", "write_file",
              "remove_file"));
          String name = args.required("name");
          try {
            return ToolResult.ok(switch (action) {
              case "create" -> store.create(name, args.string("category").orElse(null), args.required("content"));
              case "patch" -> store.patch(name, args.required("old_string"), args.string("new_string").orElse(""));
              case "edit" -> store.edit(name, args.required("content"));
              case "delete" -> store.delete(name);
              case "write_file" -> store.writeFile(name, args.required("file_path"), args.required("file_content"));
              default -> store.removeFile(name, args.required("file_path"));
            });
          } catch (SkillException e) {
            return ToolResult.error(e.getMessage());
          }
        });
  }

  /** The index for the system prompt: names and descriptions only; bodies load on demand. */
  public static String index(SkillStore store) {
    List<Skill> skills = store.list();
    if (skills.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("## Skills\nBefore a task, check whether one of these fits; if it does,"
        + " load it with skill_view and follow it.\n");
    for (Skill skill : skills) {
      text.append("- ").append(skill.name()).append(" (").append(skill.category()).append("): ")
          .append(skill.description()).append('\n');
    }
    return text.toString().strip();
  }
}
