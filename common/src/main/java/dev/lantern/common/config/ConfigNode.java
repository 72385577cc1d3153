package dev.lantern.common.config;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A read-only view of one node of a YAML config file that knows its key path, so that every type
 * error names the file, the path and the reason, and every key the reader did not ask for is
 * recorded as ignored (logged once at start-up, never fatal).
 *
 * <p>Values are read leniently where YAML itself is ambiguous ({@code rpm: "20"} is a number), as
 * PyYAML reads YAML 1.1 ({@code tpm: 20_000}, {@code yes}, {@code ~}; see {@link Yaml11Scalars}),
 * because the configs Lantern reads were written for Python tools, and strictly everywhere else
 * ({@code rpm: lots} is an error).
 */
public final class ConfigNode {
  private final Source source;
  private final String path;
  private final JsonNode node;

  private ConfigNode(Source source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
  }

  /** Reads a YAML file; a missing or unparsable file is a {@link ConfigException}. */
  public static ConfigNode load(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, "", "file not found");
    } catch (IOException e) {
      throw new ConfigException(name, "", "cannot read the file: " + e.getMessage());
    }
    return parse(text, name);
  }

  /** Parses YAML text; {@code name} is what error messages call the file. */
  public static ConfigNode parse(String yaml, String name) {
    Source source = new Source(name);
    JsonNode root;
    try {
      root = Json.YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new ConfigException(name, "", "not valid YAML" + where(e) + ": " + firstLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = Json.object();
    }
    ConfigNode top = new ConfigNode(source, "", root);
    if (!root.isObject()) {
      throw top.invalid("the top level must be a mapping of keys to values");
    }
    return top;
  }

  /**
   * A config assembled from several files (LiteLLM's {@code include}): the same checks and
   * messages, naming {@code name}.
   */
  public static ConfigNode of(tools.jackson.databind.node.ObjectNode tree, String name) {
    return new ConfigNode(new Source(name), "", tree);
  }

  public String file() {
    return source.name;
  }

  public String path() {
    return path;
  }

  /** True when the key was absent or explicitly null ({@code key:} or {@code key: null}). */
  public boolean isMissing() {
    return node.isMissingNode() || node.isNull() || node.isString() && Yaml11Scalars.isNull(node.asString());
  }

  public boolean isObject() {
    return node.isObject();
  }

  public boolean isArray() {
    return node.isArray();
  }

  public boolean isScalar() {
    return node.isValueNode() && !node.isNull();
  }

  public boolean has(String key) {
    return !get(key).isMissing();
  }

  /** The child at {@code key}; a missing child is a node for which {@link #isMissing()} holds. */
  public ConfigNode get(String key) {
    source.read.add(join(key));
    JsonNode child = node.isObject() ? node.get(key) : null;
    return new ConfigNode(source, join(key), child == null ? MissingNode.getInstance() : child);
  }

  public Optional<String> string(String key) {
    return get(key).asString();
  }

  public String requiredString(String key) {
    return string(key).orElseThrow(() -> get(key).invalid("is required"));
  }

  /** This scalar as text; a mapping or list here is an error. */
  public Optional<String> asString() {
    if (isMissing()) {
      return Optional.empty();
    }
    if (!isScalar()) {
      throw invalid("expected a single value, got " + kind());
    }
    return Optional.of(node.asString());
  }

  public Optional<Integer> integer(String key) {
    ConfigNode child = get(key);
    if (child.isMissing()) {
      return Optional.empty();
    }
    if (child.node.isIntegralNumber() && child.node.canConvertToInt()) {
      return Optional.of(child.node.intValue());
    }
    if (child.node.isNumber() && child.node.doubleValue() == Math.rint(child.node.doubleValue())
        && child.node.doubleValue() >= Integer.MIN_VALUE && child.node.doubleValue() <= Integer.MAX_VALUE) {
      return Optional.of((int) child.node.doubleValue());
    }
    if (child.node.isString()) {
      // YAML 1.1 forms (20_000, 0x1F, 1:30) as PyYAML reads them, and whole numbers written as 2.0e4.
      String text = child.node.asString();
      Optional<java.math.BigInteger> whole = Yaml11Scalars.integer(text).or(() -> Yaml11Scalars.number(text)
          .filter(d -> d == Math.rint(d) && Math.abs(d) < 1e18).map(d -> java.math.BigInteger.valueOf(d.longValue())));
      if (whole.isPresent() && whole.get().bitLength() < 32) {
        return Optional.of(whole.get().intValue());
      }
      Optional<Double> beyond = whole.map(java.math.BigInteger::doubleValue)
          .or(() -> Yaml11Scalars.number(text).filter(d -> Math.abs(d) > Integer.MAX_VALUE));
      if (beyond.isPresent()) {
        throw child.outOfIntRange(beyond.get());
      }
    }
    if (child.node.isNumber() && Math.abs(child.node.doubleValue()) > Integer.MAX_VALUE) {
      throw child.outOfIntRange(child.node.doubleValue());
    }
    throw child.invalid("expected a whole number, got " + child.describe());
  }

  private ConfigException outOfIntRange(double value) {
    return invalid(value < 0 ? "is too small: at least " + Integer.MIN_VALUE + ", got " + describe()
        : "is too large: at most " + Integer.MAX_VALUE + ", got " + describe());
  }

  public Optional<Double> number(String key) {
    ConfigNode child = get(key);
    if (child.isMissing()) {
      return Optional.empty();
    }
    if (child.node.isNumber() && Double.isFinite(child.node.doubleValue())) {
      return Optional.of(child.node.doubleValue());
    }
    if (child.node.isString()) {
      Optional<Double> value = Yaml11Scalars.number(child.node.asString());
      if (value.isPresent()) {
        return value;
      }
    }
    throw child.invalid("expected a number, got " + child.describe());
  }

  public Optional<Boolean> bool(String key) {
    ConfigNode child = get(key);
    if (child.isMissing()) {
      return Optional.empty();
    }
    if (child.node.isBoolean()) {
      return Optional.of(child.node.booleanValue());
    }
    if (child.node.isString()) {
      Optional<Boolean> value = Yaml11Scalars.bool(child.node.asString());
      if (value.isPresent()) {
        return value;
      }
    }
    throw child.invalid("expected true or false (or yes/no, on/off), got " + child.describe());
  }

  /** The items of a list; absent means empty, anything but a list is an error. */
  public List<ConfigNode> list(String key) {
    return get(key).items();
  }

  public List<ConfigNode> items() {
    if (isMissing()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid("expected a list, got " + kind());
    }
    List<ConfigNode> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      items.add(new ConfigNode(source, path + "[" + i + "]", node.get(i)));
    }
    return items;
  }

  /** A list of single values; a lone value is read as a one-item list, as YAML users expect. */
  public List<String> strings(String key) {
    ConfigNode child = get(key);
    if (child.isScalar()) {
      return List.of(child.node.asString());
    }
    List<String> values = new ArrayList<>();
    for (ConfigNode item : child.items()) {
      values.add(item.asString().orElseThrow(() -> item.invalid("expected a value, got nothing")));
    }
    return values;
  }

  /** The entries of a mapping, in file order; absent means empty. */
  public Map<String, ConfigNode> entries() {
    if (isMissing()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid("expected a mapping of keys to values, got " + kind());
    }
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    for (String key : node.propertyNames()) {
      entries.put(key, get(key));
    }
    return entries;
  }

  /** Raw access for values passed through as JSON (e.g. extra request headers). */
  public JsonNode json() {
    return node;
  }

  /** Records every key of this mapping that was never read as ignored. Call after reading. */
  public void noteUnreadKeys() {
    if (!node.isObject()) {
      return;
    }
    for (String key : node.propertyNames()) {
      if (!source.read.contains(join(key))) {
        source.ignored.add(join(key));
      }
    }
  }

  /** Every key path that was present but never read, in the order found. */
  public List<String> ignoredKeys() {
    return List.copyOf(source.ignored);
  }

  public ConfigException invalid(String reason) {
    return new ConfigException(source.name, path, reason);
  }

  private String join(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String kind() {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return describe();
  }

  /** Describes a scalar for an error message; long values are cut so secrets never print whole. */
  private String describe() {
    if (node.isString()) {
      String text = node.asString();
      return text.length() > 40 ? "a text of " + text.length() + " characters" : "\"" + text + "\"";
    }
    if (node.isObject() || node.isArray()) {
      return kind();
    }
    return node.toString();
  }

  private static String where(JacksonException e) {
    TokenStreamLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static final class Source {
    private final String name;
    private final Set<String> read = new java.util.HashSet<>();
    private final Set<String> ignored = new LinkedHashSet<>();

    private Source(String name) {
      this.name = name;
    }
  }
}
