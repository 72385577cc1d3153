package dev.lantern.gateway.auth;

import dev.lantern.common.secret.Secrets;
import java.util.Optional;

/**
 * The gateway's master key check. The key may come as {@code Authorization: Bearer <key>} or as
 * {@code x-litellm-api-key: <key>}, as LiteLLM accepts it; it is compared in constant time and
 * appears in metrics only as its SHA-256.
 */
public final class ApiKeyAuth {
  private final String masterKey;
  private final byte[] labelSalt = new byte[32];

  public ApiKeyAuth(Optional<String> masterKey) {
    this.masterKey = masterKey.filter(k -> !k.isEmpty()).orElse(null);
    new java.security.SecureRandom().nextBytes(labelSalt);
  }

  /**
   * The {@code hashed_api_key} label: an HMAC with a key drawn at start-up. LiteLLM uses a plain
   * SHA-256, which anyone who can read an open /metrics can test guesses against; a weak master
   * key would be found in minutes. The label is stable for the life of the process.
   */
  private String labelHash(String key) {
    return Secrets.hmacSha256Hex(labelSalt, key);
  }

  public boolean enabled() {
    return masterKey != null;
  }

  /**
   * Checks the key a request presents.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param litellmKey    the {@code x-litellm-api-key} header, or null
   */
  public Result check(String authorization, String litellmKey) {
    String presented = presentedKey(authorization, litellmKey);
    String hash = presented == null ? "None" : labelHash(presented);
    if (masterKey == null) {
      return new Result(true, hash, null);
    }
    if (presented == null) {
      return new Result(false, hash, "Authentication Error, No api key passed in. Send the gateway's master key as "
          + "'Authorization: Bearer <key>' or 'x-litellm-api-key: <key>'.");
    }
    if (!Secrets.constantTimeEquals(masterKey, presented)) {
      return new Result(false, hash, "Authentication Error, Invalid API key. Use the gateway's master key "
          + "(general_settings.master_key or LITELLM_MASTER_KEY).");
    }
    return new Result(true, hash, null);
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
   * @param hashedKey the SHA-256 of the key presented ("None" without one), for metric labels
   * @param error     why the request is refused, or null when it is allowed
   */
  public record Result(boolean allowed, String hashedKey, String error) {}
}
