package dev.lantern.kube.tool;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tool call's arguments, read with explicit errors: a wrong type or a value out of range is a
 * {@link ToolError} naming the parameter, never a silent default. (The SDK checks the schema
 * first; this is the second line, and the one that checks ranges and formats.)
 */
public final class Args {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final int MAX_NAME = 253;

  private final Map<String, Object> values;

  public Args(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  public Optional<String> string(String name) throws ToolError {
    Object value = values.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      throw new ToolError("'" + name + "' must be a string, got " + describe(value));
    }
    return text.isBlank() ? Optional.empty() : Optional.of(text.strip());
  }

  public String required(String name) throws ToolError {
    return string(name).orElseThrow(() -> new ToolError("'" + name + "' is required"));
  }

  /** A Kubernetes object or namespace name (DNS subdomain rules), checked before it reaches a URL. */
  public Optional<String> name(String name) throws ToolError {
    Optional<String> value = string(name);
    if (value.isPresent() && (value.get().length() > MAX_NAME || !NAME.matcher(value.get()).matches())) {
      throw new ToolError("'" + name + "' is not a valid Kubernetes name: '" + abbreviate(value.get())
          + "' (lower-case letters, digits, '-' and '.')");
    }
    return value;
  }

  public String requiredName(String name) throws ToolError {
    return name(name).orElseThrow(() -> new ToolError("'" + name + "' is required"));
  }

  public Optional<Boolean> bool(String name) throws ToolError {
    Object value = values.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Boolean bool) {
      return Optional.of(bool);
    }
    throw new ToolError("'" + name + "' must be true or false, got " + describe(value));
  }

  public Optional<Long> integer(String name, long min, long max) throws ToolError {
    Object value = values.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw new ToolError("'" + name + "' must be a whole number, got " + describe(value));
    }
    long whole = number.longValue();
    if (whole < min || whole > max) {
      throw new ToolError("'" + name + "' must be between " + min + " and " + max + ", got " + whole);
    }
    return Optional.of(whole);
  }

  private static String describe(Object value) {
    if (value instanceof String text) {
      return "\"" + abbreviate(text) + "\"";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof java.util.List<?>) {
      return "a list";
    }
    return String.valueOf(value);
  }

  private static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
