package dev.pitcrew.api.console;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The records the console's charts are drawn from, as the SLA and drill runs write them, for tests that need a
 * chart with known numbers: SLA outcomes of one priority, a drill's runs. Each test removes its own.
 */
record ChartRecords(JdbcClient jdbc) {
  /** {@code met} first-response goals met and {@code breached} breached, stopped an hour ago. */
  void outcomes(String priority, int met, int breached) {
    for (int n = 0; n < met + breached; n++) {
      jdbc.sql("""
          insert into sla_outcomes (ticket_key, cycle, goal, priority, met, goal_ms, elapsed_ms, stopped_at,
                                    breached_at)
          values (?, 1, 'FIRST_RESPONSE', ?, ?, 3600000, 60000, now() - interval '1 hour',
                  case when ? then null else now() - interval '2 hours' end)""")
          .params(priority + "-" + n, priority, n < met, n < met).update();
    }
  }

  void removeOutcomes(String priority) {
    jdbc.sql("delete from sla_outcomes where priority = ?").param(priority).update();
  }

  /** A finished run of a drill, {@code rto}/{@code rpo} in seconds (null: never restored). */
  void drillRun(String drill, int n, String status, Double rto, Double rpo, String startedAt) {
    jdbc.sql("""
        insert into drill_runs (run_id, workflow_id, drill_name, status, started_at, finished_at, rto_seconds,
                                rpo_seconds, report)
        values (?, ?, ?, ?, cast(? as timestamptz), cast(? as timestamptz) + interval '10 minutes', ?, ?, '{}')""")
        .params(drill + "-run-" + n, "drill-" + drill, drill, status, startedAt, startedAt, rto, rpo).update();
  }

  void removeDrillRuns(String drill) {
    jdbc.sql("delete from drill_runs where drill_name = ?").param(drill).update();
  }
}
