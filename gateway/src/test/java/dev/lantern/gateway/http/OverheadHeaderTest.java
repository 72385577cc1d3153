package dev.lantern.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** x-litellm-overhead-duration-ms reads as milliseconds with three decimals, like LiteLLM's. */
class OverheadHeaderTest {
  @Property
  void formatsNanosecondsAsMillisecondsWithThreeDecimals(@ForAll @LongRange(min = 0, max = 10_000_000_000_000L) long nanos) {
    String text = Completions.millis(nanos);

    assertThat(text).matches("\\d+\\.\\d{3}");
    assertThat(Double.parseDouble(text)).isEqualTo((nanos / 1_000) / 1_000.0);
  }
}
