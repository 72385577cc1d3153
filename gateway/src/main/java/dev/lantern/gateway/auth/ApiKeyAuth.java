package dev.lantern.gateway.auth;

import dev.lantern.common.secret.Secrets;
import dev.lantern.gateway.keys.Account;
import dev.lantern.gateway.keys.KeyDirectory;
import dev.lantern.gateway.keys.VirtualKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is calling: the master key, a virtual key from the {@link KeyDirectory}, or nobody. The key
 * may come as {@code Authorization: Bearer <key>} or as {@code x-litellm-api-key: <key>}, as
 * LiteLLM accepts it. The master key is compared in constant time; a virtual key is found by its
 * SHA-256, which reveals nothing about how close a guess was. Keys appear in metrics only as a
 * keyed hash.
 */
public final class ApiKeyAuth {
  private static final int MAX_CACHED_LABELS = 256;

  private final String masterKey;
  private final byte[] masterDigest;
  private final byte[] labelSalt = new byte[32];
  private final String masterLabel;
  /** Labels of keys seen without a master key configured, so the HMAC runs once per key. */
  private final Map<String, String> openLabels = new ConcurrentHashMap<>();
  private final KeyDirectory keys;
  private final boolean allowWhenDatabaseDown;

  public ApiKeyAuth(Optional<String> masterKey) {
    this(masterKey, null, false);
  }

  /**
   * @param keys                  the virtual keys, or null when there are none (no database)
   * @param allowWhenDatabaseDown {@code allow_requests_on_db_unavailable}: a key this replica has not
   *                              seen is let through, without limits, while the database is down
   */
  public ApiKeyAuth(Optional<String> masterKey, KeyDirectory keys, boolean allowWhenDatabaseDown) {
    this.keys = keys;
    this.allowWhenDatabaseDown = allowWhenDatabaseDown;
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
      return new Result(Kind.OPEN, presented == null ? "None" : openLabel(presented), null, 200, null);
    }
    if (presented == null) {
      return refused(401, "Authentication Error, No api key passed in. Send a key as "
          + "'Authorization: Bearer <key>' or 'x-litellm-api-key: <key>'.");
    }
    if (Secrets.matchesDigest(masterDigest, presented)) {
      return new Result(Kind.MASTER, masterLabel, null, 200, null);
    }
    if (keys == null) {
      return refused(401, "Authentication Error, Invalid API key. Use the gateway's master key "
          + "(general_settings.master_key or LITELLM_MASTER_KEY).");
    }
    return virtualKey(presented);
  }

  private Result virtualKey(String presented) {
    Optional<Account<VirtualKey>> account;
    try {
      account = keys.key(Secrets.sha256Hex(presented));
    } catch (KeyDirectory.Unavailable down) {
      if (allowWhenDatabaseDown) {
        return new Result(Kind.UNCHECKED, openLabel(presented), null, 200, null);
      }
      return refused(503, "The gateway database is unavailable, so this key cannot be checked; retry shortly. "
          + "(general_settings.allow_requests_on_db_unavailable lets such requests through.)");
    }
    if (account.isEmpty()) {
      return refused(401, "Authentication Error, Invalid API key. Use a key from /key/generate or the master key.");
    }
    Account<VirtualKey> found = account.get();
    String label = found.label();
    if (label == null) {
      label = labelHash(presented);
      found.label(label);
    }
    return new Result(Kind.VIRTUAL, label, null, 200, found);
  }

  private static Result refused(int status, String error) {
    return new Result(null, "None", error, status, null);
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

  /** How a caller was let in: with the master key, a virtual key, or no key needed. */
  /**
   * How a caller was let in: the master key, a virtual key, no key needed (no master key set), or
   * a key that could not be checked because the database is down ({@code allow_requests_on_db_unavailable}),
   * which may only make model calls.
   */
  public enum Kind { MASTER, VIRTUAL, OPEN, UNCHECKED }

  /**
   * @param kind      how the caller was let in, or null when refused
   * @param hashedKey the keyed hash of the key presented ("None" without one), for metric labels
   * @param error     why the request is refused, or null when it is allowed
   * @param status    401, or 503 when the key could not be checked
   * @param virtualKey the caller's virtual key, for {@link Kind#VIRTUAL}
   */
  public record Result(Kind kind, String hashedKey, String error, int status, Account<VirtualKey> virtualKey) {
    public boolean allowed() {
      return kind != null;
    }
  }
}
