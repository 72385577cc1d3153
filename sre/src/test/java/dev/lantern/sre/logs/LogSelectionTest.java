package dev.lantern.sre.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The selection's edges: line endings from Windows containers, and filters that would never end. */
class LogSelectionTest {
  @Test
  void crlfLinesKeepTheirTimestampsAndTheTimeRange() {
    String log = "2026-12-03T08:00:00.1Z starting\r\n2026-12-03T09:00:00.1Z ready\r\n";

    String text = LogSelection.of(log, Instant.parse("2026-12-03T08:30:00Z"), null, null, null, 10).render("pod a/b", null);

    assertThat(text).contains("1 in range").contains("2026-12-03T09:00:00Z ready").doesNotContain("starting")
        .doesNotContain("no timestamps").doesNotContain("\r");
  }

  @Test
  void aBacktrackingFilterIsStoppedInsteadOfHangingTheInvestigation() {
    String line = "2026-12-03T08:00:00Z " + "a".repeat(40) + "!\n";
    Pattern catastrophic = Pattern.compile("(.*a){20}b");

    assertThatThrownBy(() -> LogSelection.of(line.repeat(3), null, null, catastrophic, null, 10))
        .isInstanceOf(LogSelection.FilterTooSlow.class);
  }
}
