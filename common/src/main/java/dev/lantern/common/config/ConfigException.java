package dev.lantern.common.config;

/**
 * A configuration the service cannot start with. The message always names the file, the key path
 * and the reason, so the user can fix it without reading code: {@code config.yaml:
 * router_settings.num_retries: expected a whole number, got "two"}.
 */
public final class ConfigException extends RuntimeException {
  private final String file;
  private final String keyPath;
  private final String reason;

  public ConfigException(String file, String keyPath, String reason) {
    super(format(file, keyPath, reason));
    this.file = file;
    this.keyPath = keyPath;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  public String keyPath() {
    return keyPath;
  }

  public String reason() {
    return reason;
  }

  private static String format(String file, String keyPath, String reason) {
    return keyPath == null || keyPath.isEmpty()
        ? file + ": " + reason
        : file + ": " + keyPath + ": " + reason;
  }
}
