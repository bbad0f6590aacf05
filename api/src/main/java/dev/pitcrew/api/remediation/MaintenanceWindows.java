package dev.pitcrew.api.remediation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Maintenance windows and silences in {@code remediation_windows}; the guardrail claim reads them. */
@Repository
class MaintenanceWindows {
  private final JdbcClient jdbc;

  MaintenanceWindows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Window(long id, String service, Instant startsAt, Instant endsAt, String reason, String createdBy) {}

  Window add(String service, Instant startsAt, Instant endsAt, String reason, String by) {
    long id = jdbc.sql("""
            insert into remediation_windows (service, starts_at, ends_at, reason, created_by) values (?, ?, ?, ?, ?)
            returning id
            """)
        .params(service, Timestamp.from(startsAt), Timestamp.from(endsAt), reason, by)
        .query(Long.class).single();
    return new Window(id, service, startsAt, endsAt, reason, by);
  }

  /** Open and future windows, soonest first. */
  List<Window> current() {
    return jdbc.sql("""
            select id, service, starts_at, ends_at, reason, created_by from remediation_windows
            where ends_at > now() order by starts_at
            """)
        .query((rs, n) -> new Window(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)))
        .list();
  }

  boolean delete(long id) {
    return jdbc.sql("delete from remediation_windows where id = ?").param(id).update() > 0;
  }
}
