package dev.lantern.kube.output;

import java.util.Locale;

/** How list tools print: a table (the default, compact for small models) or YAML. */
public enum ListOutput {
  TABLE,
  YAML;

  /** @throws IllegalArgumentException naming the valid choices */
  public static ListOutput parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--list-output must be table or yaml, got '" + name + "'");
    }
  }
}
