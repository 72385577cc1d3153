package dev.lantern.gateway.config;

import java.util.Optional;

/**
 * An upstream API key as the config gives it: a literal, or {@code os.environ/VAR}. When the
 * variable is unset the credential is {@linkplain #isMissing() missing}: the gateway still starts
 * and a call explains which variable to set. {@link #toString()} never prints the value.
 */
public final class Credential {
  private static final Credential NONE = new Credential(null, null);

  private final String value;
  private final String envVar;

  private Credential(String value, String envVar) {
    this.value = value;
    this.envVar = envVar;
  }

  public static Credential none() {
    return NONE;
  }

  public static Credential literal(String value) {
    return new Credential(value, null);
  }

  public static Credential fromEnv(String envVar, String valueOrNull) {
    return new Credential(valueOrNull == null || valueOrNull.isEmpty() ? null : valueOrNull, envVar);
  }

  public Optional<String> value() {
    return Optional.ofNullable(value);
  }

  /** The variable the value came from (or should have), for error messages. */
  public Optional<String> envVar() {
    return Optional.ofNullable(envVar);
  }

  /** Named in config (or by the provider's default variable) but not available. */
  public boolean isMissing() {
    return value == null && envVar != null;
  }

  /**
   * This credential if the config gave one (set or not); else the first of a provider's variables
   * that is set; else missing under the first name, so the call says which variable to set.
   */
  public Credential orFromEnv(java.util.List<String> envVars, java.util.Map<String, String> env) {
    if (value != null || isMissing()) {
      return this;
    }
    for (String var : envVars) {
      String candidate = env.get(var);
      if (candidate != null && !candidate.isEmpty()) {
        return fromEnv(var, candidate);
      }
    }
    return envVars.isEmpty() ? NONE : fromEnv(envVars.get(0), null);
  }

  @Override
  public String toString() {
    if (value == null) {
      return envVar == null ? "none" : "os.environ/" + envVar + " (unset)";
    }
    return envVar == null ? "literal (hidden)" : "os.environ/" + envVar;
  }
}
