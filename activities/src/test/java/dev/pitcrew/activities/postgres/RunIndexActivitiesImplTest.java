package dev.pitcrew.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.audit.AuditProperties;
import dev.pitcrew.activities.audit.AuditRetention;
import dev.pitcrew.activities.audit.AuditTrail;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunProgress;
import dev.pitcrew.workflows.run.RunStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class RunIndexActivitiesImplTest {
  private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
  private final RunIndexActivitiesImpl index = new RunIndexActivitiesImpl(new AuditTrail(
      TestDatabase.dataSource(), new AuditRetention(TestDatabase.dataSource(), new AuditProperties(Duration.ofDays(400))),
      new SimpleMeterRegistry()));

  private static RunProgress progress(String id, long startedAt, int sequence, String phase, RunStatus status) {
    return new RunProgress(
        id, "run-started-" + startedAt, "self-check", new RunLabels("game-api", "prod", null), phase, status, sequence, startedAt,
        startedAt + sequence * 1000L, status.isClosed() ? "done" : null);
  }

  private Map<String, Object> row(String id) {
    return jdbc.sql("select * from runs where workflow_id = ? order by started_at desc limit 1")
        .param(id).query().singleRow();
  }

  @Test
  void recordsPhasesAndClosesTheRun() {
    index.recordProgress(progress("idx-1", 1_000_000, 1, "Probing", RunStatus.RUNNING));
    index.recordProgress(progress("idx-1", 1_000_000, 2, "Completed", RunStatus.COMPLETED));

    Map<String, Object> row = row("idx-1");
    assertThat(row).containsEntry("phase", "Completed").containsEntry("status", "COMPLETED")
        .containsEntry("service", "game-api").containsEntry("environment", "prod").containsEntry("outcome", "done");
    assertThat(row.get("closed_at")).isNotNull();
  }

  @Test
  void eachPhaseChangeIsAuditedAsTheWorkflowsOwnActionOnce() {
    index.recordProgress(progress("idx-audit", 5_000_000, 1, "Probing", RunStatus.RUNNING));
    index.recordProgress(progress("idx-audit", 5_000_000, 1, "Probing", RunStatus.RUNNING));
    index.recordProgress(progress("idx-audit", 5_000_000, 2, "Completed", RunStatus.COMPLETED));

    assertThat(jdbc.sql("select principal || ' ' || channel || ' ' || action || ' ' || outcome from audit_log "
            + "where target = 'idx-audit' order by id").query(String.class).list())
        .containsExactly("workflow:idx-audit workflow phase Probing ACCEPTED",
            "workflow:idx-audit workflow phase Completed ACCEPTED");
  }

  @Test
  void aRetriedOlderRecordNeverMovesTheRunBackwards() {
    index.recordProgress(progress("idx-2", 2_000_000, 1, "Probing", RunStatus.RUNNING));
    index.recordProgress(progress("idx-2", 2_000_000, 3, "Completed", RunStatus.COMPLETED));
    index.recordProgress(progress("idx-2", 2_000_000, 2, "Holding", RunStatus.RUNNING));

    assertThat(row("idx-2")).containsEntry("phase", "Completed").containsEntry("sequence", 3);
  }

  @Test
  void aLaterRunUnderTheSameIdKeepsTheEarlierRunsRow() {
    index.recordProgress(progress("idx-3", 3_000_000, 5, "Completed", RunStatus.COMPLETED));
    index.recordProgress(progress("idx-3", 4_000_000, 1, "Probing", RunStatus.RUNNING));

    Map<String, Object> latest = row("idx-3");
    assertThat(latest).containsEntry("phase", "Probing").containsEntry("status", "RUNNING");
    assertThat(latest.get("closed_at")).isNull();
    assertThat(jdbc.sql("select status from runs where workflow_id = 'idx-3' order by started_at")
        .query(String.class).list()).containsExactly("COMPLETED", "RUNNING");
  }
}
