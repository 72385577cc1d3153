package dev.lantern.gateway.auth;

import dev.lantern.common.secret.Secrets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's master key check. The key may come as {@code Authorization: Bearer <key>} or as
 * {@code x-litellm-api-key: <key>}, as LiteLLM accepts it; it is compared in constant time and
 * appears in metrics only as a keyed hash.
 */
public final class ApiKeyAuth {
  private static final int MAX_CACHED_LABELS = 256;

  private final String masterKey;
  private final byte[] masterDigest;
  private final byte[] labelSalt = new byte[32];
  private final String masterLabel;
  /** Labels of keys seen without a master key configured, so the HMAC runs once per key. */
  private final Map<String, String> openLabels = new ConcurrentHashMap<>();

  public ApiKeyAuth(Optional<String> masterKey) {
    this.masterKey = masterKey.filter(k -> !k.isEmpty()).orElse(null);
    new java.security.SecureRandom().nextBytes(labelSalt);
    this.masterDigest = this.masterKey == null ? null : Secrets.sha256(this.masterKey);
    this.masterLabel = this.masterKey == null ? null : labelHash(this.masterKey);
  }

  /**
   * The {@code hashed_api_key} label: an HMAC with a key drawn at start-up. LiteLLM uses a plain
   * SHA-256, which anyone who can read an open /metrics can test guesses against; a weak master
   * key would be found in minutes. The label is stable for the life of the process.
   */
  private String labelHash(String key) {
    return Secrets.hmacSha256Hex(labelSalt, key);
  }

  /**
   * Checks the key a request presents.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param litellmKey    the {@code x-litellm-api-key} header, or null
   */
  public Result check(String authorization, String litellmKey) {
    String presented = presentedKey(authorization, litellmKey);
    if (masterKey == null) {
      return new Result(true, presented == null ? "None" : openLabel(presented), null);
    }
    if (presented == null) {
      return new Result(false, "None", "Authentication Error, No api key passed in. Send the gateway's master key as "
          + "'Authorization: Bearer <key>' or 'x-litellm-api-key: <key>'.");
    }
    if (!Secrets.matchesDigest(masterDigest, presented)) {
      return new Result(false, "None", "Authentication Error, Invalid API key. Use the gateway's master key "
          + "(general_settings.master_key or LITELLM_MASTER_KEY).");
    }
    return new Result(true, masterLabel, null);
  }

  private String openLabel(String key) {
    String label = openLabels.get(key);
    if (label != null) {
      return label;
    }
    label = labelHash(key);
    if (openLabels.size() < MAX_CACHED_LABELS) {
      openLabels.put(key, label);
    }
    return label;
  }

  /** {@code x-litellm-api-key} wins, as in LiteLLM: clients may need Authorization for a proxy in front. */
  private static String presentedKey(String authorization, String litellmKey) {
    String header = litellmKey != null && !litellmKey.isBlank() ? litellmKey : authorization;
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      value = value.substring(7).strip();
    }
    return value.isEmpty() ? null : value;
  }

  /**
   * @param hashedKey the keyed hash of the key presented ("None" without one), for metric labels
   * @param error     why the request is refused, or null when it is allowed
   */
  public record Result(boolean allowed, String hashedKey, String error) {}
}
