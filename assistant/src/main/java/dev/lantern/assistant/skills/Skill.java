package dev.lantern.assistant.skills;

import java.nio.file.Path;

/** One skill as the index shows it: the body loads on demand. */
public record Skill(String name, String category, String description, String version, Path directory) {}
