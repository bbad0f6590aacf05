package dev.pitcrew.activities.remediation;

import dev.pitcrew.workflows.remediation.OutcomeRecord;
import dev.pitcrew.workflows.remediation.RemediationRecordActivities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores how each remediation ended and counts it once: {@code pitcrew_remediations_total{runbook, service,
 * outcome}}, from which the auto-resolve ratio per runbook and service is
 * {@code sum by (runbook, service) (pitcrew_remediations_total{outcome="AUTO_RESOLVED"}) / sum by (runbook, service)
 * (pitcrew_remediations_total)}.
 */
@Component
public class RemediationRecordActivitiesImpl implements RemediationRecordActivities {
  private final JdbcClient jdbc;
  private final MeterRegistry registry;

  public RemediationRecordActivitiesImpl(JdbcClient jdbc, MeterRegistry registry) {
    this.jdbc = jdbc;
    this.registry = registry;
  }

  @Override
  public void recordOutcome(OutcomeRecord record) {
    int inserted = jdbc.sql("""
            insert into remediation_outcomes (remediation_id, runbook, service, target, alertname, outcome, detail,
                                              incident_id, started_at, ended_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (remediation_id) do nothing
            """)
        .params(record.remediationId(), record.runbook(), record.service(), record.target(), record.alertname(),
            record.outcome().name(), record.detail(), record.incidentId(),
            Timestamp.from(Instant.ofEpochMilli(record.startedAtMillis())),
            Timestamp.from(Instant.ofEpochMilli(record.endedAtMillis())))
        .update();
    if (inserted == 1) {
      Counter.builder("pitcrew.remediations")
          .description("Remediations by how they ended; AUTO_RESOLVED over all is the auto-resolve ratio")
          .tags("runbook", record.runbook(), "service", record.service(), "outcome", record.outcome().name())
          .register(registry)
          .increment();
    }
  }

}
