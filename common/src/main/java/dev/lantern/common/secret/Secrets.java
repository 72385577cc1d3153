package dev.lantern.common.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Comparing and fingerprinting secrets without leaking them through timing, logs or metrics. */
public final class Secrets {
  private Secrets() {}

  /**
   * Compares two secrets in time that does not depend on where they differ or on their lengths:
   * both sides are hashed first, so {@link MessageDigest#isEqual} always sees 32 bytes.
   */
  public static boolean constantTimeEquals(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(expected), sha256(presented));
  }

  /**
   * Compares a presented secret with the SHA-256 of the expected one, computed once up front, in
   * time that does not depend on where they differ.
   */
  public static boolean matchesDigest(byte[] expectedDigest, String presented) {
    return presented != null && MessageDigest.isEqual(expectedDigest, sha256(presented));
  }

  /** The lowercase hex SHA-256 of a value. */
  public static String sha256Hex(String value) {
    return HexFormat.of().formatHex(sha256(value));
  }

  /** HMAC-SHA256 of a value under a key, in lowercase hex: a fingerprint nobody can test guesses against. */
  public static String hmacSha256Hex(byte[] key, String value) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("every JDK ships HmacSHA256", e);
    }
  }

  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
