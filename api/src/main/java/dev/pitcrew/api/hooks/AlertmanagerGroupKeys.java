package dev.pitcrew.api.hooks;

import dev.pitcrew.activities.postgres.GroupedStatements;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Alertmanager group keys by their SHA-256 hex. Alertmanager's PagerDuty notifier ({@code pagerduty_config})
 * derives its dedup key as {@code sha256(groupKey)} in lower-case hex ({@code notify.Key.Hash()}: the group key's
 * bytes as they are, nothing added), so a PagerDuty incident Alertmanager triggered carries that hash as
 * {@code incident_key}. Pitcrew notes every group it takes in, so PagerDuty webhooks for such an incident reach the
 * incident Pitcrew opened for the same group.
 */
@Repository
class AlertmanagerGroupKeys {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Groups one statement notes at most. */
  private static final int MAX_GROUPS_PER_INSERT = 200;

  private final JdbcClient jdbc;
  private final GroupedStatements<Remembered, Boolean> writes =
      new GroupedStatements<>(MAX_GROUPS_PER_INSERT, this::write);

  AlertmanagerGroupKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** As Alertmanager computes it for PagerDuty: lower-case hex SHA-256 of the group key's UTF-8 bytes. */
  static String hash(String groupKey) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  static boolean looksLikeHash(String incidentKey) {
    return incidentKey != null && SHA256_HEX.matcher(incidentKey).matches();
  }

  /**
   * Notes the group; returns once it is written. Concurrent deliveries' groups are written by one statement on one
   * pooled connection ({@link GroupedStatements}), so a storm of them does not take one connection each.
   */
  void remember(String groupKey, String dedupKey) {
    writes.run(new Remembered(hash(groupKey), groupKey, dedupKey));
  }

  private record Remembered(String keyHash, String groupKey, String dedupKey) {}

  private List<Boolean> write(List<Remembered> group) {
    // One row per hash: a statement may not update the same row twice (the later delivery wins, as it would have).
    Map<String, Remembered> byHash = new LinkedHashMap<>();
    group.forEach(r -> byHash.put(r.keyHash(), r));
    StringBuilder sql = new StringBuilder("insert into alertmanager_group_keys (key_hash, group_key, dedup_key) values ");
    List<Object> params = new ArrayList<>();
    for (Remembered r : byHash.values()) {
      sql.append(params.isEmpty() ? "" : ",").append("(?, ?, ?)");
      params.addAll(List.of(r.keyHash(), r.groupKey(), r.dedupKey()));
    }
    sql.append("""

        on conflict (key_hash) do update set dedup_key = excluded.dedup_key, seen_at = now()
         where alertmanager_group_keys.dedup_key <> excluded.dedup_key""");
    jdbc.sql(sql.toString()).params(params).update();
    return Collections.nCopies(group.size(), Boolean.TRUE);
  }

  /** The Pitcrew dedup key of the group whose hash this is, if Pitcrew took that group in. */
  Optional<String> dedupKeyOf(String keyHash) {
    return jdbc.sql("select dedup_key from alertmanager_group_keys where key_hash = ?")
        .param(keyHash)
        .query(String.class)
        .optional();
  }
}
