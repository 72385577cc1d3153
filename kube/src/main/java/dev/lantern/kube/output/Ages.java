package dev.lantern.kube.output;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Ages as kubectl prints them: 45s, 12m, 5h, 3d, 2y. */
public final class Ages {
  private Ages() {}

  public static String since(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return of(Duration.between(Instant.parse(timestamp), now));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  public static String of(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 2 * 86400) {
      return seconds / 3600 + "h";
    }
    if (seconds < 2 * 365 * 86400L) {
      return seconds / 86400 + "d";
    }
    return seconds / (365 * 86400L) + "y";
  }
}
