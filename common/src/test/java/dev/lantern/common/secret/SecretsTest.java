package dev.lantern.common.secret;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void equalSecretsMatchAndOthersDoNot() {
    assertThat(Secrets.constantTimeEquals("sk-abc", "sk-abc")).isTrue();
    assertThat(Secrets.constantTimeEquals("sk-abc", "sk-abd")).isFalse();
    assertThat(Secrets.constantTimeEquals("sk-abc", "sk-abc ")).isFalse();
    assertThat(Secrets.constantTimeEquals("sk-abc", null)).isFalse();
  }

  @Property
  void comparisonAgreesWithEquals(@ForAll String a, @ForAll String b) {
    assertThat(Secrets.constantTimeEquals(a, b)).isEqualTo(a.equals(b));
  }

  @Test
  void hashesAreTheStandardOnes() {
    assertThat(Secrets.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231, test case 2
    assertThat(Secrets.hmacSha256Hex("Jefe".getBytes(java.nio.charset.StandardCharsets.UTF_8), "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
