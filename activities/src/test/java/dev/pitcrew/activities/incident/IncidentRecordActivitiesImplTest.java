package dev.pitcrew.activities.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.incident.EscalationRecord;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class IncidentRecordActivitiesImplTest {
  private static final long OPENED = 1_790_000_000_000L;

  private SimpleMeterRegistry meters;
  private IncidentRecordActivitiesImpl activities;

  @BeforeEach
  void setUp() {
    TestDatabase.jdbc().sql("truncate incidents, incident_escalations, escalation_policies").update();
    meters = new SimpleMeterRegistry();
    activities = new IncidentRecordActivitiesImpl(TestDatabase.jdbc(),
        new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource())),
        new EscalationPolicyRepository(TestDatabase.jdbc()), new IncidentProperties(Duration.ofHours(6), 8000, Duration.ZERO),
        new IncidentMetrics(meters));
  }

  private static IncidentStatus incident(IncidentState state, Long ackAt, Long resolvedAt) {
    return new IncidentStatus("incident-checkout-1a2b3c4d5e", "checkout", "payments", "Checkout failing",
        Severity.SEV2, state, null, OPENED, ackAt, ackAt == null ? null : "alice", resolvedAt,
        resolvedAt == null ? null : "alice", new EscalationStep(1, 0), null, null, null, null, List.of(), null);
  }

  @Test
  void countsEachFactOnceHoweverOftenItIsRecorded() {
    activities.record(incident(IncidentState.OPEN, null, null), "prometheus");
    activities.record(incident(IncidentState.OPEN, null, null), "prometheus");
    activities.record(incident(IncidentState.ACKNOWLEDGED, OPENED + 180_000, null), "prometheus");
    activities.record(incident(IncidentState.ACKNOWLEDGED, OPENED + 180_000, null), "prometheus");
    activities.record(incident(IncidentState.RESOLVED, OPENED + 180_000, OPENED + 3_600_000), "prometheus");
    activities.record(incident(IncidentState.RESOLVED, OPENED + 180_000, OPENED + 3_600_000), "prometheus");

    assertThat(meters.get("pitcrew.incidents.opened").tag("source", "prometheus").counter().count()).isEqualTo(1);
    assertThat(meters.get("pitcrew.incidents.mtta").tag("severity", "SEV2").timer().count()).isEqualTo(1);
    assertThat(meters.get("pitcrew.incidents.mtta").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(180);
    assertThat(meters.get("pitcrew.incidents.mttr").tag("service", "payments").timer().totalTime(TimeUnit.MINUTES))
        .isEqualTo(60);
  }

  @Test
  void aLateOlderSnapshotNeverUndoesAcknowledgementOrResolution() {
    activities.record(incident(IncidentState.RESOLVED, OPENED + 180_000, OPENED + 3_600_000), "api");
    activities.record(incident(IncidentState.OPEN, null, null), "api");

    var row = TestDatabase.jdbc().sql("select state, acknowledged_by, resolved_at from incidents").query().singleRow();
    assertThat(row.get("state")).isEqualTo("RESOLVED");
    assertThat(row.get("acknowledged_by")).isEqualTo("alice");
    assertThat(row.get("resolved_at")).isNotNull();
  }

  @Test
  void theRowCarriesTheLevelAndWhenTheNextIsDueUntilNobodyWaits() {
    activities.record(escalating(new EscalationStep(2, 0), OPENED + 900_000, IncidentState.OPEN), "api");
    var waiting = TestDatabase.jdbc().sql("select escalation_level, next_escalation_at from incidents").query()
        .singleRow();
    assertThat(waiting.get("escalation_level")).isEqualTo(2);
    assertThat(((java.sql.Timestamp) waiting.get("next_escalation_at")).getTime()).isEqualTo(OPENED + 900_000);

    activities.record(escalating(new EscalationStep(2, 0), null, IncidentState.ACKNOWLEDGED), "api");
    assertThat(TestDatabase.jdbc().sql("select next_escalation_at from incidents").query().singleRow().get("next_escalation_at")).isNull();
    activities.record(incident(IncidentState.RESOLVED, OPENED + 180_000, OPENED + 3_600_000), "api");
    activities.record(escalating(new EscalationStep(3, 0), OPENED + 1_800_000, IncidentState.OPEN), "api");
    assertThat(TestDatabase.jdbc().sql("select next_escalation_at from incidents").query().singleRow().get("next_escalation_at"))
        .as("a late snapshot never makes a resolved incident escalate").isNull();
  }

  private static IncidentStatus escalating(EscalationStep step, Long nextAt, IncidentState state) {
    return new IncidentStatus("incident-checkout-1a2b3c4d5e", "checkout", "payments", "Checkout failing",
        Severity.SEV2, state, null, OPENED, null, null, null, null, step, nextAt, null, null, null, List.of(), null);
  }

  @Test
  void countsEscalationsByLevelOncePerStep() {
    EscalationRecord level2 = new EscalationRecord("incident-x", "payments", Severity.SEV1, new EscalationStep(2, 0),
        "pitcrew", OPENED);
    activities.recordEscalation(level2);
    activities.recordEscalation(level2);
    activities.recordEscalation(new EscalationRecord("incident-x", "payments", Severity.SEV1,
        new EscalationStep(2, 1), "pitcrew", OPENED + 60_000));

    assertThat(meters.get("pitcrew.incidents.escalations").tag("level", "2").counter().count()).isEqualTo(2);
  }

  @Test
  void setupCarriesTheServicePolicyAndConfiguredSettings() {
    var setup = activities.loadSetup("payments");

    assertThat(setup.policy()).isNull();
    assertThat(setup.archiveChannelAfterSeconds()).isEqualTo(6 * 3600);
    assertThat(setup.continueAsNewAfterEvents()).isEqualTo(8000);
  }
}
