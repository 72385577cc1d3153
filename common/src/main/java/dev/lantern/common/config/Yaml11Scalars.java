package dev.lantern.common.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scalars of YAML 1.1, which PyYAML's {@code safe_load} resolves and Jackson's YAML 1.2 parser
 * leaves as text: {@code 20_000}, {@code 0x1F}, {@code 017} (octal), {@code 0b101}, {@code 1:30}
 * (base 60), {@code .5}, {@code yes}/{@code off}, {@code ~}. Configs written for LiteLLM and Hermes
 * (both Python) use them, so a value that PyYAML reads as a number or a boolean is read as one here.
 *
 * <p>The patterns are PyYAML's resolver patterns (resolver.py), with text after them trimmed.
 */
final class Yaml11Scalars {
  private static final Pattern INT = Pattern.compile(
      "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  private static final Pattern FLOAT = Pattern.compile(
      "[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)"
          + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*");
  private static final Set<String> TRUE = Set.of("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
  private static final Set<String> FALSE = Set.of("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
  private static final Set<String> NULL = Set.of("~", "null", "Null", "NULL");
  /** Longer digit strings are not configuration values; refusing them keeps BigInteger cheap. */
  private static final int MAX_LENGTH = 64;

  private Yaml11Scalars() {}

  /** A whole number as YAML 1.1 writes one, or empty when the text is not one. */
  static Optional<BigInteger> integer(String raw) {
    String text = raw.strip();
    if (text.length() > MAX_LENGTH || !INT.matcher(text).matches()) {
      return Optional.empty();
    }
    boolean negative = text.startsWith("-");
    String digits = text.replaceFirst("^[-+]", "").replace("_", "");
    if (digits.isEmpty()) {
      return Optional.empty(); // "0b_" or a lone sign
    }
    BigInteger value;
    if (digits.startsWith("0b")) {
      value = digits.length() == 2 ? null : new BigInteger(digits.substring(2), 2);
    } else if (digits.startsWith("0x")) {
      value = digits.length() == 2 ? null : new BigInteger(digits.substring(2), 16);
    } else if (digits.contains(":")) {
      value = BigInteger.ZERO;
      for (String part : digits.split(":")) {
        value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
      }
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      value = new BigInteger(digits.substring(1), 8);
    } else {
      value = new BigInteger(digits);
    }
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(negative ? value.negate() : value);
  }

  /** A number (whole or not) as YAML 1.1 writes one, or empty; infinities and NaN are not numbers here. */
  static Optional<Double> number(String raw) {
    Optional<BigInteger> whole = integer(raw);
    if (whole.isPresent()) {
      return Optional.of(whole.get().doubleValue());
    }
    String text = raw.strip();
    if (text.length() > MAX_LENGTH || !FLOAT.matcher(text).matches()) {
      return Optional.empty();
    }
    String plain = text.replace("_", "");
    if (plain.contains(":")) {
      boolean negative = plain.startsWith("-");
      String[] parts = plain.replaceFirst("^[-+]", "").split(":");
      BigDecimal value = BigDecimal.ZERO;
      for (int i = 0; i < parts.length; i++) {
        value = value.multiply(BigDecimal.valueOf(60)).add(new BigDecimal(parts[i].endsWith(".") ? parts[i] + "0" : parts[i]));
      }
      return Optional.of(negative ? -value.doubleValue() : value.doubleValue());
    }
    if (plain.matches("[-+]?\\.?([eE].*)?")) {
      return Optional.empty(); // "." or "+." : no digits at all
    }
    double value = Double.parseDouble(plain);
    return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
  }

  /** yes/no/on/off/true/false in PyYAML's spellings, or empty. */
  static Optional<Boolean> bool(String raw) {
    String text = raw.strip();
    if (TRUE.contains(text)) {
      return Optional.of(true);
    }
    if (FALSE.contains(text)) {
      return Optional.of(false);
    }
    // Lenient beyond PyYAML only where the meaning is certain.
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.equals("true") || lower.equals("false") ? Optional.of(Boolean.parseBoolean(lower)) : Optional.empty();
  }

  /** {@code ~}, {@code null}, {@code Null}, {@code NULL}: YAML 1.1's nulls, which Jackson's parser reads as text. */
  static boolean isNull(String text) {
    return NULL.contains(text);
  }
}
