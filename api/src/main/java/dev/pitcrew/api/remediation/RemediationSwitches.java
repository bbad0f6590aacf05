package dev.pitcrew.api.remediation;

import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The kill switches and dry-run flags in {@code remediation_switches}; {@value #GLOBAL} is every runbook. */
@Component
class RemediationSwitches {
  static final String GLOBAL = "*";

  private final JdbcClient jdbc;

  RemediationSwitches(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Switch(boolean paused, boolean dryRun, String changedBy) {}

  Switch of(String runbook) {
    return find(runbook).orElse(new Switch(false, false, null));
  }

  Optional<Switch> find(String runbook) {
    return jdbc.sql("select paused, dry_run, changed_by from remediation_switches where runbook = ?")
        .param(runbook)
        .query((rs, n) -> new Switch(rs.getBoolean(1), rs.getBoolean(2), rs.getString(3)))
        .optional();
  }

  Map<String, Switch> all() {
    Map<String, Switch> all = new java.util.TreeMap<>();
    jdbc.sql("select runbook, paused, dry_run, changed_by from remediation_switches")
        .query((rs, n) -> all.put(rs.getString(1), new Switch(rs.getBoolean(2), rs.getBoolean(3), rs.getString(4))))
        .list();
    return all;
  }

  Switch set(String runbook, Boolean paused, Boolean dryRun, String by) {
    jdbc.sql("""
            insert into remediation_switches (runbook, paused, dry_run, changed_by, changed_at)
            values (:runbook, coalesce(:paused, false), coalesce(:dryRun, false), :by, now())
            on conflict (runbook) do update set
                paused = coalesce(:paused, remediation_switches.paused),
                dry_run = coalesce(:dryRun, remediation_switches.dry_run),
                changed_by = :by, changed_at = now()
            """)
        .param("runbook", runbook).param("paused", paused).param("dryRun", dryRun).param("by", by)
        .update();
    return of(runbook);
  }
}
