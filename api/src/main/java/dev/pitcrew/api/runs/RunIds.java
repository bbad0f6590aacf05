package dev.pitcrew.api.runs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Human-readable, stable workflow IDs: {@code <stem>-<yyyyMMdd-HHmmss>-<4 random chars>}, or
 * {@code <stem>-k<hash of the idempotency key>} so the same key always names the same run.
 */
final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_SLUG = 40;

  private RunIds() {}

  static String fresh(String stem, Clock clock) {
    StringBuilder suffix = new StringBuilder(4);
    for (int i = 0; i < 4; i++) {
      suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return stem + "-" + STAMP.format(clock.instant()) + "-" + suffix;
  }

  static String forKey(String stem, String idempotencyKey) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return stem + "-k" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Lower-case letters, digits and single dashes: safe in IDs, URLs, channel names. */
  static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (slug.length() > MAX_SLUG) {
      slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "run" : slug;
  }
}
