package dev.lantern.assistant.memory;

import dev.lantern.assistant.home.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hermes's two bounded memory files: {@code MEMORY.md} (what the assistant learnt about the world
 * and its work) and {@code USER.md} (who the user is). Entries are separated by a line holding
 * {@code §}. Each file has a character limit; an add that would pass it is refused with the current
 * entries listed, so the model can consolidate instead of the store silently dropping something.
 */
public final class MemoryStore {
  static final String SEPARATOR = "\n§\n";

  /** Which file. */
  public enum Target {
    MEMORY("MEMORY.md", "MEMORY (your notes)"),
    USER("USER.md", "USER PROFILE (who the user is)");

    final String file;
    final String title;

    Target(String file, String title) {
      this.file = file;
      this.title = title;
    }

    public static Target of(String name) {
      return switch (name) {
        case "memory" -> MEMORY;
        case "user" -> USER;
        default -> throw new IllegalArgumentException(name);
      };
    }
  }

  private final Path directory;
  private final int memoryLimit;
  private final int userLimit;

  public MemoryStore(Path directory, int memoryLimit, int userLimit) {
    this.directory = directory;
    this.memoryLimit = memoryLimit;
    this.userLimit = userLimit;
  }

  public int limit(Target target) {
    return target == Target.MEMORY ? memoryLimit : userLimit;
  }

  public synchronized List<String> entries(Target target) {
    Path file = directory.resolve(target.file);
    if (!Files.exists(file)) {
      return List.of();
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new MemoryException("cannot read " + file + ": " + e.getMessage());
    }
    List<String> entries = new ArrayList<>();
    for (String entry : text.split("\\R?§\\R?")) {
      if (!entry.isBlank()) {
        entries.add(entry.strip());
      }
    }
    return entries;
  }

  public synchronized String add(Target target, String content) {
    String entry = checked(content);
    List<String> entries = new ArrayList<>(entries(target));
    if (entries.stream().anyMatch(existing -> existing.equalsIgnoreCase(entry))) {
      throw new MemoryException("this entry is already saved; nothing changed");
    }
    entries.add(entry);
    int size = size(entries);
    if (size > limit(target)) {
      throw new MemoryException("adding this (" + entry.length() + " chars) would make " + target.file + " "
          + size + " of its " + limit(target) + " characters. Consolidate first: replace or remove entries. Current"
          + " entries:\n" + numbered(entries.subList(0, entries.size() - 1)));
    }
    write(target, entries);
    return "saved to " + target.file + " " + usage(target, entries);
  }

  /** Replaces the one entry that contains {@code oldText}. */
  public synchronized String replace(Target target, String oldText, String content) {
    String entry = checked(content);
    List<String> entries = new ArrayList<>(entries(target));
    int index = find(target, entries, oldText);
    entries.set(index, entry);
    int size = size(entries);
    if (size > limit(target)) {
      throw new MemoryException("the new text would make " + target.file + " " + size + " of its " + limit(target)
          + " characters; make it shorter");
    }
    write(target, entries);
    return "replaced in " + target.file + " " + usage(target, entries);
  }

  /** Removes the one entry that contains {@code oldText}. */
  public synchronized String remove(Target target, String oldText) {
    List<String> entries = new ArrayList<>(entries(target));
    entries.remove(find(target, entries, oldText));
    write(target, entries);
    return "removed from " + target.file + " " + usage(target, entries);
  }

  /**
   * Both files as they go into the system prompt at session start, each under a header with its
   * usage, e.g. {@code MEMORY (your notes) [67% — 1,474/2,200 chars]}. It is a frozen snapshot:
   * writes during the session land on disk and show from the next session on, which keeps the
   * prompt prefix stable (and cacheable).
   */
  public synchronized String snapshot(boolean memoryEnabled, boolean userEnabled) {
    StringBuilder text = new StringBuilder();
    for (Target target : Target.values()) {
      if (target == Target.MEMORY ? !memoryEnabled : !userEnabled) {
        continue;
      }
      List<String> entries = entries(target);
      text.append("## ").append(target.title).append(' ').append(usage(target, entries)).append('\n');
      text.append(entries.isEmpty() ? "(empty)" : String.join(SEPARATOR, entries)).append("\n\n");
    }
    return text.toString().strip();
  }

  public String usage(Target target, List<String> entries) {
    int size = size(entries);
    int limit = limit(target);
    NumberFormat format = NumberFormat.getIntegerInstance(Locale.US);
    return "[" + Math.round(100.0 * size / limit) + "% — " + format.format(size) + "/" + format.format(limit)
        + " chars]";
  }

  private int find(Target target, List<String> entries, String oldText) {
    if (oldText == null || oldText.isBlank()) {
      throw new MemoryException("'old_text' is required: a unique piece of the entry to change");
    }
    List<Integer> matches = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).contains(oldText)) {
        matches.add(i);
      }
    }
    if (matches.isEmpty()) {
      throw new MemoryException("no entry in " + target.file + " contains '" + oldText + "'. Current entries:\n"
          + numbered(entries));
    }
    if (matches.size() > 1) {
      throw new MemoryException(matches.size() + " entries contain '" + oldText + "'; give a longer, unique piece");
    }
    return matches.getFirst();
  }

  private static String checked(String content) {
    if (content == null || content.isBlank()) {
      throw new MemoryException("'content' is required and must not be empty");
    }
    String entry = content.strip();
    if (entry.contains("§")) {
      throw new MemoryException("an entry cannot contain '§': it separates entries");
    }
    String problem = ContentGuard.problem(entry);
    if (problem != null) {
      throw new MemoryException("not saved: " + problem);
    }
    return entry;
  }

  private static int size(List<String> entries) {
    return String.join(SEPARATOR, entries).length();
  }

  private static String numbered(List<String> entries) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      text.append(i + 1).append(". ").append(entries.get(i)).append('\n');
    }
    return text.isEmpty() ? "(none)" : text.toString().strip();
  }

  private void write(Target target, List<String> entries) {
    AtomicFiles.writeAtomically(directory.resolve(target.file), entries.isEmpty() ? "" : String.join(SEPARATOR, entries) + "\n");
  }
}
