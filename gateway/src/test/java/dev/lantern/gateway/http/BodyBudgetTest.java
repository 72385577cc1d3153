package dev.lantern.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The large-body budget: a chunked upload holds only what it has sent. */
class BodyBudgetTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void aStalledChunkedUploadHoldsOnlyWhatItSentSoOtherLargeBodiesStillFit() {
    BodyBudget budget = new BodyBudget(MIB);
    try (BodyBudget.Permit stalled = budget.reserve(-1, MIB)) {
      stalled.grow(300 * 1024); // then it stops sending

      try (BodyBudget.Permit other = budget.reserve(400 * 1024, MIB)) {
        assertThat(other).as("another large body gets room at once").isNotNull();
      }
    }
  }

  @Test
  void roomComesBackWhenARequestEndsAndAFullBudgetSays503() {
    BodyBudget budget = new BodyBudget(MIB);
    BodyBudget.Permit first = budget.reserve(-1, MIB);
    first.grow(MIB);

    assertThatThrownBy(() -> budget.reserve(600 * 1024, MIB)).isInstanceOf(ApiError.class)
        .hasMessageContaining("busy with other large requests");
    first.close();
    try (BodyBudget.Permit again = budget.reserve(600 * 1024, MIB)) {
      assertThat(again).isNotNull();
    }
  }
}
