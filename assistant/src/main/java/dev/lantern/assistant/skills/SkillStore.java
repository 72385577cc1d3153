package dev.lantern.assistant.skills;

import dev.lantern.assistant.home.AtomicFiles;
import dev.lantern.assistant.memory.ContentGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skills on disk, as {@code skills/<category>/<name>/SKILL.md} plus optional supporting files
 * ({@code references/}, {@code templates/}, {@code scripts/}, {@code assets/}). Every name and path
 * is checked before it touches the file system: a skill can never read or write outside its own
 * directory.
 */
public final class SkillStore {
  private static final Logger log = LoggerFactory.getLogger(SkillStore.class);
  static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]*$");
  static final int MAX_NAME = 64;
  static final int MAX_SKILL_CHARS = 20_000;
  static final int MAX_FILE_CHARS = 50_000;
  static final int MAX_FILES = 32;
  static final String DEFAULT_CATEGORY = "general";
  private static final List<String> FILE_DIRECTORIES = List.of("references", "templates", "scripts", "assets");

  private final Path root;

  public SkillStore(Path root) {
    this.root = root;
  }

  /** Every readable skill, by category then name. A broken SKILL.md is skipped with a warning. */
  public synchronized List<Skill> list() {
    List<Skill> skills = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return skills;
    }
    try (Stream<Path> files = Files.find(root, 3, (path, attributes) -> path.getFileName().toString()
        .equals("SKILL.md") && attributes.isRegularFile())) {
      for (Path file : files.sorted().toList()) {
        Path directory = file.getParent();
        if (!isSkillDirectory(directory)) {
          log.warn("Ignoring {}: a skill lives in skills/<category>/<name>/SKILL.md", file);
          continue;
        }
        try {
          Frontmatter front = Frontmatter.parse(Files.readString(file));
          String category = root.equals(directory.getParent()) ? DEFAULT_CATEGORY
              : directory.getParent().getFileName().toString();
          skills.add(new Skill(directory.getFileName().toString(), category, front.description(), front.version(),
              directory));
        } catch (SkillException | IOException e) {
          log.warn("Skipping the skill at {}: {}", directory, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the skills in " + root, e);
    }
    skills.sort(Comparator.comparing(Skill::category).thenComparing(Skill::name));
    return skills;
  }

  /**
   * {@code skills/<name>/} or {@code skills/<category>/<name>/} with valid names, and not one of a
   * skill's own file directories: never the root itself, so no operation can span every skill.
   */
  private boolean isSkillDirectory(Path directory) {
    int depth = root.relativize(directory).getNameCount();
    if (directory.equals(root) || depth < 1 || depth > 2 || !validName(directory.getFileName().toString())) {
      return false;
    }
    return depth == 1 || (validName(directory.getParent().getFileName().toString())
        && !FILE_DIRECTORIES.contains(directory.getFileName().toString()));
  }

  private static boolean validName(String name) {
    return name.length() <= MAX_NAME && NAME.matcher(name).matches();
  }

  public Optional<Skill> find(String name) {
    return list().stream().filter(skill -> skill.name().equals(name)).findFirst();
  }

  /** The SKILL.md text, or one of its files when {@code file} is given. */
  public synchronized String view(String name, String file) {
    Skill skill = existing(name);
    Path target = file == null ? skill.directory().resolve("SKILL.md") : inside(skill, file);
    if (!Files.isRegularFile(target)) {
      throw new SkillException("the skill '" + name + "' has no file '" + file + "'. Its files: "
          + String.join(", ", files(skill)));
    }
    try {
      return Files.readString(target);
    } catch (IOException e) {
      throw new SkillException("cannot read " + (file == null ? "SKILL.md" : file) + ": " + e.getMessage());
    }
  }

  public synchronized List<String> files(Skill skill) {
    try (Stream<Path> paths = Files.walk(skill.directory())) {
      return paths.filter(Files::isRegularFile).map(path -> skill.directory().relativize(path).toString())
          .filter(path -> !path.equals("SKILL.md")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  public synchronized String create(String name, String category, String content) {
    checkName(name, "name");
    String group = category == null || category.isBlank() ? DEFAULT_CATEGORY : category;
    checkName(group, "category");
    if (find(name).isPresent()) {
      throw new SkillException("a skill named '" + name + "' exists; use patch or edit to change it");
    }
    checkSkillMd(name, content);
    AtomicFiles.writeAtomically(root.resolve(group).resolve(name).resolve("SKILL.md"), content);
    return "created the skill '" + name + "' in " + group;
  }

  /** Replaces the one occurrence of {@code oldText} in SKILL.md. */
  public synchronized String patch(String name, String oldText, String newText) {
    Skill skill = existing(name);
    String current = view(name, null);
    int at = current.indexOf(oldText);
    if (oldText.isEmpty() || at < 0) {
      throw new SkillException("'old_string' was not found in the skill '" + name + "'; view it and copy the text exactly");
    }
    if (current.indexOf(oldText, at + 1) >= 0) {
      throw new SkillException("'old_string' occurs more than once; include more context to make it unique");
    }
    String updated = current.substring(0, at) + newText + current.substring(at + oldText.length());
    checkSkillMd(name, updated);
    AtomicFiles.writeAtomically(skill.directory().resolve("SKILL.md"), updated);
    return "patched the skill '" + name + "'";
  }

  public synchronized String edit(String name, String content) {
    Skill skill = existing(name);
    checkSkillMd(name, content);
    AtomicFiles.writeAtomically(skill.directory().resolve("SKILL.md"), content);
    return "rewrote the skill '" + name + "'";
  }

  public synchronized String delete(String name) {
    Skill skill = existing(name);
    if (!isSkillDirectory(skill.directory())) {
      throw new SkillException("refusing to delete " + skill.directory() + ": it is not a skill directory");
    }
    try (Stream<Path> paths = Files.walk(skill.directory())) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new SkillException("cannot delete the skill '" + name + "': " + e.getMessage());
    }
    return "deleted the skill '" + name + "'";
  }

  public synchronized String writeFile(String name, String file, String content) {
    Skill skill = existing(name);
    Path target = inside(skill, file);
    if (content.length() > MAX_FILE_CHARS) {
      throw new SkillException("the file is " + content.length() + " characters; the limit is " + MAX_FILE_CHARS);
    }
    if (!Files.exists(target) && files(skill).size() >= MAX_FILES) {
      throw new SkillException("the skill '" + name + "' already has " + MAX_FILES + " files; remove one first");
    }
    guard(content);
    AtomicFiles.writeAtomically(target, content);
    return "wrote " + file + " in the skill '" + name + "'";
  }

  public synchronized String removeFile(String name, String file) {
    Skill skill = existing(name);
    Path target = inside(skill, file);
    try {
      if (!Files.deleteIfExists(target)) {
        throw new SkillException("the skill '" + name + "' has no file '" + file + "'");
      }
    } catch (IOException e) {
      throw new SkillException("cannot remove " + file + ": " + e.getMessage());
    }
    return "removed " + file + " from the skill '" + name + "'";
  }

  private Skill existing(String name) {
    checkName(name, "name");
    return find(name).orElseThrow(() -> new SkillException("there is no skill named '" + name
        + "'. skills_list shows the ones there are"));
  }

  /** A supporting file: under one of the four known directories, never outside the skill. */
  private static Path inside(Skill skill, String file) {
    if (file == null || file.isBlank()) {
      throw new SkillException("'file_path' is required");
    }
    Path relative;
    try {
      relative = Path.of(file).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new SkillException("'file_path' is not a valid path: " + e.getReason());
    }
    if (relative.isAbsolute() || relative.startsWith("..") || relative.getNameCount() < 2
        || !FILE_DIRECTORIES.contains(relative.getName(0).toString())) {
      throw new SkillException("'file_path' must be a relative path under one of " + String.join("/, ", FILE_DIRECTORIES)
          + "/, like references/notes.md");
    }
    Path target = skill.directory().resolve(relative).normalize();
    if (target.getFileName().toString().equals("SKILL.md")) {
      throw new SkillException("'file_path' cannot be a SKILL.md: use edit or patch for the skill itself");
    }
    if (!target.startsWith(skill.directory())) {
      throw new SkillException("'file_path' must stay inside the skill");
    }
    return target;
  }

  private static void checkSkillMd(String name, String content) {
    if (content == null || content.isBlank()) {
      throw new SkillException("'content' is required: the whole SKILL.md");
    }
    if (content.length() > MAX_SKILL_CHARS) {
      throw new SkillException("SKILL.md is " + content.length() + " characters; the limit is " + MAX_SKILL_CHARS
          + ". Move details into references/ files");
    }
    Frontmatter front = Frontmatter.parse(content);
    if (!front.name().equals(name)) {
      throw new SkillException("the frontmatter's name '" + front.name() + "' must match the skill name '" + name + "'");
    }
    guard(content);
  }

  private static void guard(String content) {
    String problem = ContentGuard.problem(content);
    if (problem != null) {
      throw new SkillException("not saved: " + problem);
    }
  }

  static void checkName(String name, String what) {
    if (name == null || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      throw new SkillException("'" + what + "' must match ^[a-z0-9][a-z0-9._-]*$ and have at most " + MAX_NAME
          + " characters" + (name == null ? "" : ", got '" + (name.length() > 80 ? name.substring(0, 80) + "…" : name)
          + "'"));
    }
  }
}
