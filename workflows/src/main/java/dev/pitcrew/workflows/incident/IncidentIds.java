package dev.pitcrew.workflows.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names derived from an incident's dedup key. The workflow ID is a pure function of the key, so every alert with
 * the same key lands on the same workflow (signal-with-start) and concurrent duplicates cannot open two.
 */
public final class IncidentIds {
  /** Every incident's workflow ID starts with it; anything else is not an incident. */
  public static final String PREFIX = "incident-";
  private static final int SLUG_LENGTH = 40;
  private static final int CHANNEL_NAME_LIMIT = 80; // Slack's limit
  private static final DateTimeFormatter CHANNEL_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private IncidentIds() {}

  /** {@code incident-<slug>-<10 hex chars of SHA-256(dedupKey)>}: readable, and distinct for distinct keys. */
  public static String workflowIdFor(String dedupKey) {
    if (dedupKey == null || dedupKey.isBlank()) {
      throw new IllegalArgumentException("An incident needs a dedup key");
    }
    return PREFIX + slug(dedupKey, SLUG_LENGTH) + "-" + shortHash(dedupKey, 10);
  }

  /**
   * {@code inc-<yyyymmdd>-<slug>}, the slug ending in a short hash of the incident ID: two incidents with the same
   * title on the same day get different channels, and a retried create finds its own channel again.
   */
  public static String channelNameFor(String incidentId, String title, long openedAtMillis) {
    String prefix = "inc-" + CHANNEL_DATE.format(Instant.ofEpochMilli(openedAtMillis)) + "-";
    String suffix = "-" + shortHash(incidentId, 4);
    return prefix + slug(title, CHANNEL_NAME_LIMIT - prefix.length() - suffix.length()) + suffix;
  }

  static String slug(String text, int maxLength) {
    String slug = text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    if (slug.length() > maxLength) {
      slug = slug.substring(0, maxLength);
    }
    slug = slug.replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "incident" : slug;
  }

  private static String shortHash(String text, int hexChars) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
