package dev.pitcrew.api.remediation;

import dev.pitcrew.activities.postgres.GroupedStatements;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every alert the Alertmanager hook takes in, in {@code alert_events}: the alert-quality report reads it. A delivery's
 * alerts are written in one statement, and concurrent deliveries' together ({@link GroupedStatements}), so a burst
 * of deliveries costs the database a few inserts on one pooled connection, not one insert and connection each.
 */
@Component
class AlertHistory {
  /** Deliveries one insert takes at most (a delivery is one Alertmanager group, a few alerts as a rule). */
  private static final int MAX_DELIVERIES_PER_INSERT = 100;

  private final JdbcClient jdbc;
  private final GroupedStatements<List<Entry>, Boolean> inserts =
      new GroupedStatements<>(MAX_DELIVERIES_PER_INSERT, this::insert);

  AlertHistory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Entry(String fingerprint, String alertname, String service, boolean firing, String runbook,
      String remediationId, String incidentId) {}

  /** Returns once the delivery's alerts are written; throws what the insert threw. */
  void record(List<Entry> entries) {
    if (!entries.isEmpty()) {
      inserts.run(List.copyOf(entries));
    }
  }

  private List<Boolean> insert(List<List<Entry>> deliveries) {
    List<Entry> entries = deliveries.stream().flatMap(List::stream).toList();
    StringBuilder sql = new StringBuilder("""
        insert into alert_events (fingerprint, alertname, service, status, received_at, runbook, remediation_id,
                                  incident_id) values """);
    Object[] params = new Object[entries.size() * 7];
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      sql.append(i == 0 ? "" : ",").append("(?, ?, ?, ?, now(), ?, ?, ?)");
      int p = i * 7;
      params[p] = e.fingerprint();
      params[p + 1] = e.alertname() == null ? "unnamed" : e.alertname();
      params[p + 2] = e.service();
      params[p + 3] = e.firing() ? "firing" : "resolved";
      params[p + 4] = e.runbook();
      params[p + 5] = e.remediationId();
      params[p + 6] = e.incidentId();
    }
    jdbc.sql(sql.toString()).params(params).update();
    return Collections.nCopies(deliveries.size(), Boolean.TRUE);
  }
}
