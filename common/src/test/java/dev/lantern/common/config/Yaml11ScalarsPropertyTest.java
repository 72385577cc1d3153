package dev.lantern.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Numbers and booleans written the way PyYAML (LiteLLM's and Hermes's loader) reads them are read
 * as the same values here, whatever YAML 1.1 form the user chose; anything else is a clear
 * {@link ConfigException}, never another exception.
 */
class Yaml11ScalarsPropertyTest {
  @Property(tries = 2000)
  void aWholeNumberInAnyYaml11FormReadsBackAsItself(@ForAll("wholeNumbers") Written written) {
    ConfigNode root = ConfigNode.parse("v: " + written.text(), "config.yaml");

    assertThat(root.integer("v")).as(written.text()).contains((int) written.value());
    assertThat(root.number("v")).as(written.text()).contains((double) written.value());
  }

  @Property(tries = 1000)
  void aFractionInAnyYaml11FormReadsBackAsItself(@ForAll("fractions") Written written) {
    ConfigNode root = ConfigNode.parse("v: " + written.text(), "config.yaml");

    double expected = written.value() / 1000.0;
    assertThat(root.number("v").orElseThrow()).as(written.text()).isCloseTo(expected, within(1e-9));
  }

  @Property(tries = 1000)
  void anyOtherTextIsAConfigErrorNamingTheKey(@ForAll("scalarish") String text) {
    ConfigNode root;
    try {
      root = ConfigNode.parse("v: " + text, "config.yaml");
    } catch (ConfigException notYaml) {
      return; // e.g. an unbalanced quote: the parser's own clear error
    }
    for (Runnable read : new Runnable[] {() -> root.integer("v"), () -> root.number("v"), () -> root.bool("v")}) {
      try {
        read.run();
      } catch (ConfigException expected) {
        assertThat(expected.getMessage()).startsWith("config.yaml: v: ");
      }
    }
  }

  @Test
  void underscoresAreDigitSeparatorsAsInLiteLlmsConfigs() {
    ConfigNode root = ConfigNode.parse("tpm: 20_000\nrpm: 1_000\ncost: 0.000_001\nbig: 2_000_000", "config.yaml");

    assertThat(root.integer("tpm")).contains(20_000);
    assertThat(root.integer("rpm")).contains(1_000);
    assertThat(root.number("cost")).contains(0.000001);
    assertThat(root.integer("big")).contains(2_000_000);
  }

  @Test
  void pyYamlsOtherIntegerFormsAreItsValues() {
    ConfigNode root = ConfigNode.parse("hex: 0x1F\nbin: 0b101\noct: 017\nsix: '1:30'\nplus: +5\nhalf: .5", "config.yaml");

    assertThat(root.integer("hex")).contains(31);
    assertThat(root.integer("bin")).contains(5);
    assertThat(root.integer("oct")).as("YAML 1.1: a leading 0 is octal, as PyYAML reads it").contains(15);
    assertThat(root.integer("six")).as("base 60").contains(90);
    assertThat(root.integer("plus")).contains(5);
    assertThat(root.number("half")).contains(0.5);
  }

  @Test
  void yesNoOnOffAreBooleansAndTildeIsNothing() {
    ConfigNode root = ConfigNode.parse("a: yes\nb: Off\nc: ON\nd: NO\ne: ~\nf: Null", "config.yaml");

    assertThat(root.bool("a")).contains(true);
    assertThat(root.bool("b")).contains(false);
    assertThat(root.bool("c")).contains(true);
    assertThat(root.bool("d")).contains(false);
    assertThat(root.get("e").isMissing()).isTrue();
    assertThat(root.string("f")).isEmpty();
  }

  @Test
  void notANumberStillSaysSo() {
    ConfigNode root = ConfigNode.parse("a: 20k\nb: 0x\nc: 1__\nd: '08'\ne: y", "config.yaml");

    assertThatThrownBy(() -> root.integer("a")).hasMessage("config.yaml: a: expected a whole number, got \"20k\"");
    assertThatThrownBy(() -> root.integer("b")).hasMessageContaining("expected a whole number");
    assertThatThrownBy(() -> root.number("d")).hasMessageContaining("expected a number");
    assertThatThrownBy(() -> root.bool("e")).hasMessageContaining("expected true or false");
    assertThat(root.integer("c")).as("PyYAML reads 1__ as 1").contains(1);
  }

  /** A text as a user would write it in YAML, and the number PyYAML reads from it. */
  record Written(String text, long value) {}

  @Provide
  Arbitrary<Written> wholeNumbers() {
    Arbitrary<Long> values = Arbitraries.longs().between(Integer.MIN_VALUE, Integer.MAX_VALUE);
    Arbitrary<Integer> forms = Arbitraries.integers().between(0, 7);
    Arbitrary<Long> seeds = Arbitraries.longs();
    return Combinators.combine(values, forms, seeds).as((value, form, seed) ->
        new Written(write(value, form, new java.util.Random(seed)), value));
  }

  private static String write(long value, int form, java.util.Random random) {
    String sign = value < 0 ? "-" : random.nextBoolean() ? "+" : "";
    long magnitude = Math.abs(value);
    return switch (form) {
      case 0 -> Long.toString(value);
      case 1 -> sign + underscored(Long.toString(magnitude), random);
      case 2 -> sign + "0x" + underscored(random.nextBoolean() ? Long.toHexString(magnitude)
          : Long.toHexString(magnitude).toUpperCase(Locale.ROOT), random);
      case 3 -> sign + "0b" + underscored(Long.toBinaryString(magnitude), random);
      case 4 -> sign + (magnitude == 0 ? "0" : "0" + underscored(Long.toOctalString(magnitude), random));
      case 5 -> magnitude < 60 ? Long.toString(value) : "'" + sign + sexagesimal(magnitude) + "'";
      case 6 -> "\"" + Long.toString(value) + "\"";
      default -> sign + magnitude + ".0";
    };
  }

  /** Inserts underscores between digits, as people group thousands. */
  private static String underscored(String digits, java.util.Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      out.append(digits.charAt(i));
      if (i < digits.length() - 1 && random.nextInt(3) == 0) {
        out.append('_');
      }
    }
    return out.toString();
  }

  private static String sexagesimal(long magnitude) {
    StringBuilder out = new StringBuilder();
    long rest = magnitude;
    while (rest >= 60) {
      out.insert(0, ":" + (rest % 60));
      rest /= 60;
    }
    return rest + out.toString();
  }

  /** Thousandths from -10^9 to 10^9, written as decimals, with underscores, or with an exponent. */
  @Provide
  Arbitrary<Written> fractions() {
    Arbitrary<Long> thousandths = Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L);
    Arbitrary<Integer> forms = Arbitraries.integers().between(0, 3);
    return Combinators.combine(thousandths, forms).as((value, form) -> {
      BigDecimal decimal = BigDecimal.valueOf(value, 3);
      String plain = decimal.toPlainString();
      String text = switch (form) {
        case 0 -> plain;
        case 1 -> plain.replaceFirst("(\\d)(\\d{3})\\.", "$1_$2.");
        case 2 -> decimal.setScale(3, RoundingMode.UNNECESSARY).toString().replace("E", "e")
            + (decimal.toString().contains("E") ? "" : "e0");
        default -> plain.startsWith("0.") ? plain.substring(1) : plain.startsWith("-0.") ? "-" + plain.substring(2) : plain;
      };
      return new Written(text, value);
    });
  }

  @Provide
  Arbitrary<String> scalarish() {
    Arbitrary<String> pieces = Arbitraries.of("0", "1", "9", "_", "x", "b", "o", "e", "E", "-", "+", ".", ":", "'",
        "\"", "inf", "nan", "yes", "no", "~", " ", "0x", "1e999", "99999999999999999999", "#", "@", "k");
    return pieces.list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("", parts));
  }

  @Property(tries = 200)
  void everyPyYamlBooleanSpellingIsRead(@ForAll @IntRange(min = 0, max = 17) int index) {
    String[] spellings = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
        "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
    ConfigNode root = ConfigNode.parse("v: " + spellings[index], "config.yaml");

    assertThat(root.bool("v")).contains(index < 9);
  }
}
