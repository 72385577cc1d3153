package dev.lantern.assistant.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.assistant.cron.MutableClock;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever an owner types into {@code pairing approve}, and whoever asks: a typed code that is not
 * the one sent never pairs anyone, a failure is always a {@link PairingException} with a message,
 * and no more than three codes ever wait.
 */
class PairingPropertyTest {
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private static Pairing pairing;

  @BeforeContainer
  static void open() throws Exception {
    pairing = Pairing.open(Files.createTempDirectory("pairing-property").resolve("state.db"), CLOCK);
  }

  @AfterContainer
  static void close() {
    pairing.close();
  }

  @Property(tries = 300)
  void onlyTheSentCodePairsAndEveryMistakeIsAClearRefusal(@ForAll("users") long user, @ForAll("typed") String typed) {
    CLOCK.advance(Duration.ofMinutes(70)); // past every lockout, code and request interval
    String sent = PairingTest.codeOf(pairing.request("telegram", user, user, "user " + user));
    if (typed.strip().equalsIgnoreCase(sent)) {
      return; // a random string that is the code is a correct approval, not a guess
    }

    try {
      pairing.approve("telegram", typed);
      throw new AssertionError("'" + typed + "' approved a code that was '" + sent + "'");
    } catch (PairingException refused) {
      assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(300);
    }
    assertThat(pairing.isPaired("telegram", user)).isFalse();
    assertThat(pairing.pending().size()).isLessThanOrEqualTo(Pairing.MAX_PENDING);
  }

  @Provide
  Arbitrary<Long> users() {
    return Arbitraries.longs().between(1, 1L << 40);
  }

  @Provide
  Arbitrary<String> typed() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings().withChars(Pairing.ALPHABET + Pairing.ALPHABET.toLowerCase() + " \n'%_").ofLength(8),
        Arbitraries.of("", " ", "' OR 1=1 --", "%", "_________", "\u0000"));
  }
}
