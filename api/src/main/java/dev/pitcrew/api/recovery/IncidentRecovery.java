package dev.pitcrew.api.recovery;

import dev.pitcrew.activities.incident.EscalationPolicyRepository;
import dev.pitcrew.api.incidents.IncidentIntake;
import dev.pitcrew.api.runs.LostRuns.IndexedRun;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.incident.EscalationPolicy;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.EscalationTarget;
import dev.pitcrew.workflows.incident.IncidentChannel;
import dev.pitcrew.workflows.incident.IncidentCheckpoint;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.IncidentSetup;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Severity;
import dev.pitcrew.workflows.incident.TimelineEntry;
import dev.pitcrew.workflows.incident.TimelineEvent;
import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTrackerCheckpoint;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Starts a new run for an open incident whose run was lost, under the same incident ID (so the intake, which
 * finds an incident by the incidents table and Temporal, joins re-fired alerts to it) and as a continuation: the
 * workflow's continue-as-new path restores the incident from a checkpoint built from PostgreSQL and pages
 * nobody again. Escalation goes on from the recorded level: the next level is due one acknowledgement timeout
 * after the last recorded page (at once when that has passed).
 */
@Component
class IncidentRecovery {
  private final JdbcClient jdbc;
  private final WorkflowClient client;
  private final EscalationPolicyRepository policies;

  IncidentRecovery(JdbcClient jdbc, WorkflowClient client, EscalationPolicyRepository policies) {
    this.jdbc = jdbc;
    this.client = client;
    this.policies = policies;
  }

  private record IncidentRow(String id, String dedupKey, String service, String title, Severity severity,
      IncidentState state, String commander, Instant openedAt, Instant acknowledgedAt, String acknowledgedBy,
      Instant resolvedAt, Integer level, Integer loop, String slackChannel, String postmortemKey) {}

  Recovery recover(IndexedRun lost) {
    var found = jdbc.sql("select * from incidents where incident_id = ?")
        .param(lost.workflowId())
        .query((rs, n) -> row(rs))
        .optional();
    if (found.isEmpty()) {
      return Recovery.notRecovered("incident '" + lost.workflowId() + "' is not in PostgreSQL");
    }
    IncidentRow incident = found.get();
    if (incident.resolvedAt() != null || incident.state() == IncidentState.RESOLVED) {
      return Recovery.notRecovered("the incident was resolved; only its close-out (channel archive, postmortem) "
          + "was lost with the run");
    }
    long now = System.currentTimeMillis();
    EscalationPolicy policy = policies.find(incident.service()).orElse(null);
    EscalationPolicy effective = policy != null ? policy : incident.severity().defaultPolicy(incident.service());
    EscalationStep step = incident.level() == null ? null
        : new EscalationStep(incident.level(), incident.loop() == null ? 0 : incident.loop());
    Long nextEscalationAt = null;
    if (step != null && incident.acknowledgedAt() == null) {
      Instant lastPaged = jdbc.sql("select max(escalated_at) from incident_escalations where incident_id = ?")
          .param(incident.id())
          .query(Timestamp.class)
          .optional()
          .map(Timestamp::toInstant)
          .orElse(incident.openedAt());
      nextEscalationAt = lastPaged.toEpochMilli() + effective.level(step).ackTimeout().toMillis();
    }
    // The PagerDuty services already paged, so resolving the incident resolves their PagerDuty incidents (the
    // dedup key is the incident ID): every target of every level paged so far in the current loop.
    Set<String> paged = new LinkedHashSet<>();
    if (step != null) {
      for (int level = 1; level <= step.level(); level++) {
        try {
          effective.targetsAt(new EscalationStep(level, step.loop()), now).stream()
              .map(EscalationTarget::pagerDutyService).filter(Objects::nonNull).forEach(paged::add);
        } catch (RuntimeException noSuchLevel) {
          break;
        }
      }
    }
    IncidentStatus status = new IncidentStatus(incident.id(), incident.dedupKey(), incident.service(),
        incident.title(), incident.severity(), incident.state(), incident.commander(),
        incident.openedAt().toEpochMilli(), millis(incident.acknowledgedAt()), incident.acknowledgedBy(), null, null,
        step, nextEscalationAt, null,
        incident.slackChannel() == null ? null : new IncidentChannel(incident.slackChannel(), incident.slackChannel()),
        incident.postmortemKey(), List.of(),
        // Whether every alert had cleared is not in the tables: escalation goes on, which pages rather than waits.
        null);
    List<TimelineEntry> timeline = new ArrayList<>();
    timeline.add(TimelineEntry.byPitcrew(now, TimelineEvent.NOTE,
        "Recovered from PostgreSQL: the Temporal engine lost run " + lost.runId() + ". Nobody was paged again"
            + (step == null ? "" : "; escalation goes on from level " + step.level())
            + ". Timeline entries before this point are in Pitcrew's records, not in this run."));
    IncidentCheckpoint checkpoint = new IncidentCheckpoint(
        new RunTrackerCheckpoint(IncidentWorkflow.RUN_TYPE,
            new RunLabels(incident.service(), null, incident.severity().name()),
            lost.phase() == null ? "Open" : lost.phase(), lost.sequence(), lost.startedAt().toEpochMilli()),
        new IncidentSetup(policy, IncidentSetup.DEFAULT_ARCHIVE_CHANNEL_AFTER_SECONDS,
            IncidentSetup.DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS),
        status, List.copyOf(paged), List.of(), List.of(), timeline, null, null);
    IncidentInput input = new IncidentInput(incident.dedupKey(), incident.service(), incident.severity(),
        incident.title(), null, "recovery", "pitcrew", incident.commander(), checkpoint, null);
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put("type", IncidentWorkflow.RUN_TYPE);
    memo.put("service", incident.service());
    memo.put("severity", incident.severity().name());
    memo.put("recoveredFrom", lost.runId());
    WorkflowOptions options = IncidentIntake.describe(input).with("Recovered from lost run", lost.runId())
        .applyTo(WorkflowOptions.newBuilder()
            .setWorkflowId(incident.id())
            .setTaskQueue(TaskQueues.OPERATIONS)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setMemo(memo))
        .build();
    String runId = client.newUntypedWorkflowStub(IncidentWorkflow.class.getSimpleName(), options)
        .start(input).getRunId();
    return Recovery.recovered(runId, null);
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static IncidentRow row(ResultSet rs) throws SQLException {
    return new IncidentRow(rs.getString("incident_id"), rs.getString("dedup_key"), rs.getString("service"),
        rs.getString("title"), Severity.valueOf(rs.getString("severity")), IncidentState.valueOf(rs.getString("state")),
        rs.getString("commander"), instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("acknowledged_at")),
        rs.getString("acknowledged_by"), instant(rs.getTimestamp("resolved_at")),
        (Integer) rs.getObject("escalation_level"), (Integer) rs.getObject("escalation_loop"),
        rs.getString("slack_channel"), rs.getString("postmortem_key"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
