package dev.lantern.sre.runbooks;

import java.util.List;

/**
 * A markdown runbook and what it is for.
 *
 * @param name  the file name without {@code .md}, which {@code fetch_runbook} takes
 * @param match alert names and finding kinds it applies to ({@code KubePodCrashLooping}, {@code CrashLoopBackOff})
 * @param body  the markdown after the front matter
 */
public record Runbook(String name, String title, List<String> match, String body, String source) {
  public Runbook {
    match = List.copyOf(match);
  }

  boolean matches(String key) {
    return match.stream().anyMatch(m -> m.equalsIgnoreCase(key));
  }
}
