package dev.lantern.assistant.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.assistant.cron.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hermes's pairing bounds, on a clock the test moves. */
class PairingTest {
  private static final Pattern CODE = Pattern.compile("pairing code: (\\S+)");

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private Pairing pairing;

  @BeforeEach
  void open() {
    pairing = Pairing.open(dir.resolve("state.db"), clock);
  }

  @AfterEach
  void close() {
    pairing.close();
  }

  @Test
  void aStrangerGetsAnEightCharacterCodeFromTheUnambiguousAlphabetAndApprovingItPairsThem() {
    String code = codeOf(pairing.request("telegram", 666, 666, "@mallory"));

    assertThat(code).hasSize(8).matches("[" + Pairing.ALPHABET + "]{8}").doesNotContain("0", "O", "1", "I", "L");
    assertThat(pairing.isPaired("telegram", 666)).isFalse();
    PairedUser user = pairing.approve("telegram", " " + code.toLowerCase() + "\n");
    assertThat(user.userId()).isEqualTo(666);
    assertThat(user.userName()).isEqualTo("@mallory");
    assertThat(pairing.isPaired("telegram", 666)).isTrue();
    assertThat(pairing.pending()).isEmpty();
    assertThatThrownBy(() -> pairing.approve("telegram", code)).as("a code works once")
        .isInstanceOf(PairingException.class).hasMessageContaining("no pending code");
  }

  @Test
  void aCodeExpiresAfterAnHour() {
    String code = codeOf(pairing.request("telegram", 666, 666, null));
    clock.advance(Duration.ofMinutes(61));

    assertThatThrownBy(() -> pairing.approve("telegram", code)).isInstanceOf(PairingException.class)
        .hasMessageContaining("codes live 60 minutes");
    assertThat(pairing.pending()).isEmpty();
  }

  @Test
  void aFloodOfMessagesGetsOneAnswerPerTenMinutesAndTheSameCode() {
    String first = codeOf(pairing.request("telegram", 666, 666, null));

    for (int i = 0; i < 50; i++) {
      assertThat(pairing.request("telegram", 666, 666, null)).isEmpty();
    }
    clock.advance(Duration.ofMinutes(11));
    assertThat(codeOf(pairing.request("telegram", 666, 666, null))).isEqualTo(first);
    assertThat(pairing.pending()).hasSize(1);
  }

  @Test
  void atMostThreeCodesWaitPerPlatform() {
    for (long user = 1; user <= 3; user++) {
      codeOf(pairing.request("telegram", user, user, null));
    }

    Optional<String> fourth = pairing.request("telegram", 4, 4, null);

    assertThat(fourth).get().asString().contains("3 pairing requests are already waiting").doesNotContain("code:");
    assertThat(pairing.pending()).hasSize(3);
    clock.advance(Duration.ofMinutes(61));
    assertThat(codeOf(pairing.request("telegram", 4, 4, null))).as("expired codes free their places").hasSize(8);
  }

  @Test
  void fiveWrongCodesLockApprovalsForAnHourEvenForTheRightCode() {
    String code = codeOf(pairing.request("telegram", 666, 666, null));
    for (int i = 0; i < Pairing.MAX_FAILED_APPROVALS; i++) {
      assertThatThrownBy(() -> pairing.approve("telegram", "WRONGXYZ")).isInstanceOf(PairingException.class)
          .hasMessageContaining("no pending code");
    }

    assertThatThrownBy(() -> pairing.approve("telegram", code)).isInstanceOf(PairingException.class)
        .hasMessageContaining("locked after 5 wrong codes");
    assertThat(pairing.isPaired("telegram", 666)).isFalse();
    clock.advance(Duration.ofMinutes(30));
    String fresh = codeOf(pairing.request("telegram", 777, 777, null));
    clock.advance(Duration.ofMinutes(31));
    assertThat(pairing.approve("telegram", fresh).userId()).as("the lock ends after an hour").isEqualTo(777);
  }

  @Test
  void revokingTakesAccessAwayAndPlatformsAreSeparate() {
    pairing.approve("telegram", codeOf(pairing.request("telegram", 666, 666, null)));

    assertThat(pairing.isPaired("discord", 666)).isFalse();
    assertThat(pairing.revoke("telegram", 666)).isTrue();
    assertThat(pairing.revoke("telegram", 666)).isFalse();
    assertThat(pairing.isPaired("telegram", 666)).isFalse();
  }

  @Test
  void anApprovalInAnotherProcessIsSeenAtOnce() {
    String code = codeOf(pairing.request("telegram", 666, 666, null));
    try (Pairing cli = Pairing.open(dir.resolve("state.db"), clock)) {
      cli.approve("telegram", code);
    }

    assertThat(pairing.isPaired("telegram", 666)).isTrue();
  }

  static String codeOf(Optional<String> reply) {
    Matcher matcher = CODE.matcher(reply.orElseThrow(() -> new AssertionError("no answer")));
    assertThat(matcher.find()).as(reply.get()).isTrue();
    return matcher.group(1);
  }
}
