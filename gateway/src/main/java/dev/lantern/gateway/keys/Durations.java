package dev.lantern.gateway.keys;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** LiteLLM's duration strings: {@code 30s}, {@code 10m}, {@code 1h}, {@code 1d}, {@code 2w}, {@code 1mo}. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,5})(s|m|h|d|w|mo)");

  private Durations() {}

  public static boolean valid(String text) {
    return text != null && FORMAT.matcher(text).matches();
  }

  /** The time {@code duration} after {@code fromMillis}; months are calendar months, as in LiteLLM. */
  public static long after(long fromMillis, String duration) {
    Matcher m = FORMAT.matcher(duration);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: use a number and s, m, h, d, w or mo, e.g. 30d");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> fromMillis + amount * 1_000;
      case "m" -> fromMillis + amount * 60_000;
      case "h" -> fromMillis + amount * 3_600_000;
      case "d" -> fromMillis + amount * 86_400_000;
      case "w" -> fromMillis + amount * 7 * 86_400_000;
      default -> Instant.ofEpochMilli(fromMillis).atOffset(ZoneOffset.UTC).plusMonths(amount).toInstant().toEpochMilli();
    };
  }
}
