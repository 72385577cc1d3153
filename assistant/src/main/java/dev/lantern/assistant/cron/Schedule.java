package dev.lantern.assistant.cron;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a job runs, in the forms Hermes accepts: {@code 30m} (once, that long from now),
 * {@code every 2h} (repeatedly), a five-field cron expression ({@code 0 9 * * 1-5}, parsed by
 * cron-utils), or an ISO timestamp (once, then).
 */
public sealed interface Schedule {
  Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*(s|m|min|h|d)");
  CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** The first run after {@code after}; empty when it will not run again. */
  Optional<Instant> next(Instant after);

  /** What was written, for lists. */
  String text();

  /** False for one-off schedules: after their run there is no next one. */
  default boolean repeats() {
    return !(this instanceof Once);
  }

  /** Once, at a fixed instant. */
  record Once(Instant at, String text) implements Schedule {
    @Override
    public Optional<Instant> next(Instant after) {
      return at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }
  }

  /** Repeatedly, at a fixed interval from the last run. */
  record Every(Duration interval, String text) implements Schedule {
    @Override
    public Optional<Instant> next(Instant after) {
      return Optional.of(after.plus(interval));
    }
  }

  /** By a cron expression, in the given zone. */
  record Cron(ExecutionTime times, ZoneId zone, String text) implements Schedule {
    @Override
    public Optional<Instant> next(Instant after) {
      return times.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
    }
  }

  /** Parses a schedule; {@code now} anchors "30m". A bad one is an IllegalArgumentException saying the forms. */
  static Schedule parse(String text, Instant now, ZoneId zone) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    Matcher every = Pattern.compile("every\\s+(.+)").matcher(value);
    if (every.matches()) {
      Duration interval = duration(every.group(1)).orElseThrow(() -> invalid(text));
      if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("a repeating job runs at most every minute, got '" + text + "'");
      }
      return new Every(interval, "every " + every.group(1));
    }
    Optional<Duration> in = duration(value);
    if (in.isPresent()) {
      return new Once(now.plus(in.get()), value);
    }
    if (value.split("\\s+").length == 5) {
      try {
        return new Cron(ExecutionTime.forCron(CRON.parse(value)), zone, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "' is not a valid cron expression: " + e.getMessage());
      }
    }
    return new Once(instant(text.strip(), zone).orElseThrow(() -> invalid(text)), text.strip());
  }

  private static Optional<Duration> duration(String value) {
    Matcher matcher = DURATION.matcher(value.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(matcher.group(1));
    return Optional.of(switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    });
  }

  private static Optional<Instant> instant(String value, ZoneId zone) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException notOffset) {
      try {
        return Optional.of(LocalDateTime.parse(value).atZone(zone).toInstant());
      } catch (DateTimeParseException notLocal) {
        return Optional.empty();
      }
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("'" + text + "' is not a schedule. Use 30m, 2h or 1d (once, from now), every"
        + " 2h (repeatedly), a cron expression like '0 9 * * 1-5', or a time like 2026-12-01T09:00");
  }
}
