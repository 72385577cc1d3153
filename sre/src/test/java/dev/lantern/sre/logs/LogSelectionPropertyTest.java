package dev.lantern.sre.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever a container logs, the selection stays within its limit, its filter and its time range. */
class LogSelectionPropertyTest {
  static final Instant DAY = Instant.parse("2026-12-03T00:00:00Z");

  @Property(tries = 300)
  void shownLinesRespectTheLimitTheFilterAndTheRange(@ForAll("logs") List<String> lines,
      @ForAll @IntRange(min = 1, max = 20) int limit, @ForAll("filters") String filter,
      @ForAll @IntRange(min = 0, max = 86_400) int from, @ForAll @IntRange(min = 0, max = 86_400) int span) {
    Instant start = DAY.plusSeconds(from);
    Instant end = start.plusSeconds(span);
    Pattern include = filter.isEmpty() ? null : Pattern.compile(Pattern.quote(filter), Pattern.CASE_INSENSITIVE);

    String text = LogSelection.of(String.join("\n", lines), start, end, include, null, limit).render("pod a/b", filter);

    int separator = text.indexOf("\n---\n");
    if (separator < 0) {
      assertThat(text).startsWith("No lines of pod a/b");
      return;
    }
    List<String> shown = text.substring(separator + 5).lines().filter(l -> !l.startsWith("(")).toList();
    assertThat(shown).hasSizeLessThanOrEqualTo(limit);
    for (String line : shown) {
      if (!filter.isEmpty()) {
        assertThat(line.toLowerCase(Locale.ROOT)).contains(filter.toLowerCase(Locale.ROOT));
      }
      if (line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*")) {
        Instant at = Instant.parse(line.substring(0, 20));
        assertThat(at).isBetween(start.minusSeconds(1), end);
      }
    }
  }

  @Provide
  Arbitrary<List<String>> logs() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(80).map(s -> s.replace('\n', ' ').replace('\r', ' '));
    Arbitrary<String> stamped = Combinators.combine(Arbitraries.integers().between(0, 86_400), text)
        .as((second, body) -> DAY.plusSeconds(second) + " " + body);
    Arbitrary<String> bare = Arbitraries.of("GET /healthz 200 1ms", "ERROR timeout after 3000ms", "[output cut: x]", "")
        .injectDuplicates(0.5);
    return Arbitraries.oneOf(stamped, text, bare).list().ofMaxSize(200);
  }

  @Provide
  Arbitrary<String> filters() {
    return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3));
  }
}
