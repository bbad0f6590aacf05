package dev.pitcrew.api.hooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a secret a caller presented with the configured one in time that depends on neither how much of it
 * matches nor its length: both are hashed first, so the comparison always runs over two 32-byte digests.
 */
final class ConstantTimeSecrets {
  private ConstantTimeSecrets() {}

  static boolean matches(String presented, String expected) {
    if (presented == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(presented), sha256(expected));
  }

  /** For values that are digests already (HMACs), whose length is public. */
  static boolean matches(byte[] presented, byte[] expected) {
    return presented != null && expected != null && MessageDigest.isEqual(presented, expected);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
