package dev.pitcrew.api.remediation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * "Resolved as noise": a responder's verdict that an alert episode needed nobody. Marked by the alert's fingerprint
 * or by the remediation that took it; the mark applies to the latest episode that had begun when it was made.
 */
@Component
class AlertNoise {
  private final JdbcClient jdbc;

  AlertNoise(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Mark(long id, String fingerprint, String remediationId, String alertname, String service, String reason,
      String markedBy, Instant markedAt) {}

  private record Alert(String alertname, String service) {}

  /** Marks the latest episode of the alert with {@code fingerprint}; empty when Pitcrew never saw that alert. */
  Optional<Mark> markAlert(String fingerprint, String reason, String by) {
    return jdbc.sql("select alertname, service from alert_events where fingerprint = ? order by received_at desc, id "
            + "desc limit 1")
        .param(fingerprint)
        .query((rs, n) -> new Alert(rs.getString(1), rs.getString(2)))
        .optional()
        .map(alert -> insert(fingerprint, null, alert, reason, by));
  }

  /** Marks the latest episode a remediation (workflow ID) took; empty when no alert ever went to it. */
  Optional<Mark> markRemediation(String workflowId, String reason, String by) {
    return jdbc.sql("select alertname, service from alert_events where remediation_id = ? order by received_at desc, "
            + "id desc limit 1")
        .param(workflowId)
        .query((rs, n) -> new Alert(rs.getString(1), rs.getString(2)))
        .optional()
        .map(alert -> insert(null, workflowId, alert, reason, by));
  }

  private Mark insert(String fingerprint, String remediationId, Alert alert, String reason, String by) {
    return jdbc.sql("""
            insert into alert_noise (fingerprint, remediation_id, alertname, service, reason, marked_by)
            values (?, ?, ?, ?, ?, ?)
            returning id, fingerprint, remediation_id, alertname, service, reason, marked_by, marked_at
            """)
        .params(fingerprint, remediationId, alert.alertname(), alert.service(), reason, by)
        .query((rs, n) -> new Mark(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()))
        .single();
  }

  /** Marks made from {@code from} on (a mark made after the window's end still judges an episode inside it). */
  List<Mark> since(Instant from) {
    return jdbc.sql("""
            select id, fingerprint, remediation_id, alertname, service, reason, marked_by, marked_at
            from alert_noise where marked_at >= ? order by marked_at, id
            """)
        .param(Timestamp.from(from))
        .query((rs, n) -> new Mark(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()))
        .list();
  }
}
