package dev.pitcrew.activities.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The hash of one audit row: SHA-256 (lower-case hex) over a canonical form that no two different rows share.
 *
 * <p>The form is {@code v1} followed by each field as {@code |<UTF-8 byte length>:<value>}, or {@code |-} for a
 * null, in the order id, at, principal, channel, source_address, action, target, outcome, reason, prev_hash. The
 * length prefix makes it unambiguous whatever the values contain (a {@code |} in a reason cannot fake a field
 * boundary); {@code at} is written in UTC with exactly six fraction digits, the precision PostgreSQL keeps, so the
 * hash recomputes from the stored row. The SQL function {@code audit_log_row_hash} (migration V51) computes the
 * same form, for checking by hand with psql.
 */
public final class AuditHash {
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private AuditHash() {}

  public static String of(
      long id, Instant at, String principal, String channel, String sourceAddress, String action, String target,
      AuditOutcome outcome, String reason, String prevHash) {
    StringBuilder canonical = new StringBuilder("v1");
    for (String field : new String[] {
        Long.toString(id), AT.format(at), principal, channel, sourceAddress, action, target,
        outcome == null ? null : outcome.name(), reason, prevHash}) {
      canonical.append('|');
      if (field == null) {
        canonical.append('-');
      } else {
        canonical.append(field.getBytes(StandardCharsets.UTF_8).length).append(':').append(field);
      }
    }
    return sha256(canonical.toString());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
