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
  void fingerprintNeverContainsTheSecret() {
    assertThat(Secrets.fingerprint("sk-very-secret")).startsWith("sha256:").doesNotContain("secret");
    assertThat(Secrets.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
