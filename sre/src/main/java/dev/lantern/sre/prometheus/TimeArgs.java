package dev.lantern.sre.prometheus;

import dev.lantern.agent.tool.ToolException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times as a model writes them: RFC 3339, Unix seconds, {@code now}, {@code now-2h} or {@code -2h} (Prometheus and log tools). */
public final class TimeArgs {
  private static final Pattern RELATIVE = Pattern.compile("(?:now)?\\s*-\\s*(\\d{1,6})\\s*([smhdw])");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*([smhdw])");

  private TimeArgs() {}

  public static Instant instant(String text, Instant now, String name) throws ToolException {
    String value = text.strip().toLowerCase(java.util.Locale.ROOT);
    if (value.equals("now")) {
      return now;
    }
    Matcher relative = RELATIVE.matcher(value);
    if (relative.matches()) {
      return now.minus(amount(relative.group(1), relative.group(2)));
    }
    if (value.matches("\\d{9,11}(\\.\\d+)?")) {
      return Instant.ofEpochMilli((long) (Double.parseDouble(value) * 1000));
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new ToolException("'" + name + "' must be RFC 3339 (2026-12-01T10:00:00Z), Unix seconds, 'now' or "
          + "relative like 'now-6h'");
    }
  }

  public static Duration duration(String text, String name) throws ToolException {
    Matcher matcher = DURATION.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
    if (matcher.matches()) {
      return amount(matcher.group(1), matcher.group(2));
    }
    if (text.strip().matches("\\d{1,7}")) {
      return Duration.ofSeconds(Long.parseLong(text.strip()));
    }
    throw new ToolException("'" + name + "' must be a duration like 30s, 5m, 1h or 1d");
  }

  private static Duration amount(String amount, String unit) {
    long n = Long.parseLong(amount);
    return switch (unit) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }
}
