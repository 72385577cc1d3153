package dev.lantern.assistant.skills;

import dev.lantern.common.json.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The YAML frontmatter of a SKILL.md, in the agentskills.io format: {@code name} and
 * {@code description} required, {@code version} and {@code metadata} optional.
 */
record Frontmatter(String name, String description, String version, JsonNode all) {
  private static final Pattern BLOCK = Pattern.compile("\\A---\\R(.*?)\\R---(\\R|\\z)", Pattern.DOTALL);
  static final int MAX_DESCRIPTION = 1_024;

  static Frontmatter parse(String skillMd) {
    Matcher matcher = BLOCK.matcher(skillMd);
    if (!matcher.find()) {
      throw new SkillException("SKILL.md must start with YAML frontmatter between '---' lines, holding at least"
          + " 'name' and 'description'");
    }
    JsonNode yaml;
    try {
      yaml = Json.YAML.readTree(matcher.group(1));
    } catch (JacksonException e) {
      throw new SkillException("the frontmatter is not valid YAML: " + e.getOriginalMessage().lines().findFirst()
          .orElse(""));
    }
    if (yaml == null || !yaml.isObject()) {
      throw new SkillException("the frontmatter must be a YAML mapping with 'name' and 'description'");
    }
    if (!yaml.path("name").isString() || yaml.path("name").asString().isBlank()) {
      throw new SkillException("the frontmatter needs 'name'");
    }
    if (!yaml.path("description").isString() || yaml.path("description").asString().isBlank()) {
      throw new SkillException("the frontmatter needs 'description': one line saying when to use the skill");
    }
    String description = yaml.path("description").asString().strip();
    if (description.length() > MAX_DESCRIPTION) {
      throw new SkillException("'description' is " + description.length() + " characters; keep it under "
          + MAX_DESCRIPTION);
    }
    JsonNode version = yaml.path("version");
    return new Frontmatter(yaml.path("name").asString().strip(), description,
        version.isValueNode() ? version.asString() : null, yaml);
  }
}
