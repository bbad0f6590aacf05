package dev.pitcrew.activities.incident;

import dev.pitcrew.activities.failure.StorageRefused;
import dev.pitcrew.workflows.incident.EscalationRecord;
import dev.pitcrew.workflows.incident.IncidentRecordActivities;
import dev.pitcrew.workflows.incident.IncidentSetup;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.text.StorableText;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Keeps the {@code incidents} table in step with the workflows, and counts what happened for the first time. */
@Component
public class IncidentRecordActivitiesImpl implements IncidentRecordActivities {
  private record KnownFacts(Timestamp acknowledgedAt, Timestamp resolvedAt) {}

  // Facts once recorded are kept: a late retry of an older snapshot cannot unset acknowledgement or resolution.
  private static final String UPSERT = """
      insert into incidents (incident_id, dedup_key, service, title, severity, state, source, commander, opened_at,
                             acknowledged_at, acknowledged_by, resolved_at, resolved_by, escalation_level,
                             escalation_loop, next_escalation_at, slack_channel, postmortem_key, slack_channel_id,
                             next_stakeholder_update_due_at, alerts_cleared_at, follow_up_keys, updated_at)
      values (:id, :dedupKey, :service, :title, :severity, :state, :source, :commander, :openedAt,
              :acknowledgedAt, :acknowledgedBy, :resolvedAt, :resolvedBy, :level, :loop, :nextEscalationAt, :channel,
              :postmortem, :channelId, :stakeholderUpdateDueAt, :alertsClearedAt, cast(:followUps as jsonb), now())
      on conflict (incident_id) do update set
          severity = excluded.severity,
          state = case when incidents.state = 'RESOLVED' then incidents.state else excluded.state end,
          commander = coalesce(excluded.commander, incidents.commander),
          acknowledged_at = coalesce(incidents.acknowledged_at, excluded.acknowledged_at),
          acknowledged_by = coalesce(incidents.acknowledged_by, excluded.acknowledged_by),
          resolved_at = coalesce(incidents.resolved_at, excluded.resolved_at),
          resolved_by = coalesce(incidents.resolved_by, excluded.resolved_by),
          escalation_level = coalesce(excluded.escalation_level, incidents.escalation_level),
          escalation_loop = coalesce(excluded.escalation_loop, incidents.escalation_loop),
          next_escalation_at = case when incidents.state = 'RESOLVED' then null else excluded.next_escalation_at end,
          slack_channel = coalesce(excluded.slack_channel, incidents.slack_channel),
          postmortem_key = coalesce(excluded.postmortem_key, incidents.postmortem_key),
          slack_channel_id = coalesce(excluded.slack_channel_id, incidents.slack_channel_id),
          next_stakeholder_update_due_at = case when incidents.state = 'RESOLVED' then null
                                                else excluded.next_stakeholder_update_due_at end,
          alerts_cleared_at = excluded.alerts_cleared_at,
          follow_up_keys = coalesce(excluded.follow_up_keys, incidents.follow_up_keys),
          updated_at = now()
      """;

  private final JsonMapper json = JsonMapper.builder().build();
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final EscalationPolicyRepository policies;
  private final IncidentProperties properties;
  private final IncidentMetrics metrics;

  public IncidentRecordActivitiesImpl(JdbcClient jdbc, TransactionTemplate transaction,
      EscalationPolicyRepository policies, IncidentProperties properties, IncidentMetrics metrics) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.policies = policies;
    this.properties = properties;
    this.metrics = metrics;
  }

  @Override
  public IncidentSetup loadSetup(String service) {
    return new IncidentSetup(policies.findForPaging(service).orElse(null), properties.archiveChannelAfter().toSeconds(),
        properties.continueAsNewAfterEvents());
  }

  @Override
  public void record(IncidentStatus incident, String source) {
    // The incident workflow delivers this on its own database queue and gives up on a non-retryable failure, so a
    // row PostgreSQL refuses is one visible failure that never holds up paging or escalation.
    Optional<KnownFacts> before = StorageRefused.translating("incident " + incident.incidentId(), () ->
        transaction.execute(status -> {
      Optional<KnownFacts> known = jdbc.sql(
              "select acknowledged_at, resolved_at from incidents where incident_id = :id for update")
          .param("id", incident.incidentId())
          .query((rs, n) -> new KnownFacts(rs.getTimestamp("acknowledged_at"), rs.getTimestamp("resolved_at")))
          .optional();
      upsert(incident, source);
      return known;
    }));
    countNewFacts(incident, source, before);
  }

  private void upsert(IncidentStatus incident, String source) {
    jdbc.sql(UPSERT)
        .param("id", incident.incidentId())
        .param("dedupKey", StorableText.of(incident.dedupKey()))
        .param("service", incident.service())
        .param("title", StorableText.of(incident.title()))
        .param("severity", incident.severity().name())
        .param("state", incident.state().name())
        .param("source", source)
        .param("commander", StorableText.of(incident.commander()))
        .param("openedAt", timestamp(incident.openedAtMillis()))
        .param("acknowledgedAt", timestamp(incident.acknowledgedAtMillis()))
        .param("acknowledgedBy", StorableText.of(incident.acknowledgedBy()))
        .param("resolvedAt", timestamp(incident.resolvedAtMillis()))
        .param("resolvedBy", StorableText.of(incident.resolvedBy()))
        .param("level", incident.escalation() == null ? null : incident.escalation().level())
        .param("loop", incident.escalation() == null ? null : incident.escalation().loop())
        .param("nextEscalationAt", timestamp(incident.nextEscalationAtMillis()))
        .param("channel", incident.channel() == null ? null : incident.channel().name())
        .param("postmortem", incident.postmortemKey())
        .param("channelId", incident.channel() == null ? null : incident.channel().id())
        .param("stakeholderUpdateDueAt", timestamp(incident.nextStakeholderUpdateDueAtMillis()))
        .param("alertsClearedAt", timestamp(incident.alertsClearedAtMillis()))
        // Follow-ups only ever grow: none in this status (not filed yet) keeps what was recorded.
        .param("followUps", incident.followUpKeys() == null || incident.followUpKeys().isEmpty() ? null
            : json.writeValueAsString(incident.followUpKeys()))
        .update();
  }

  private void countNewFacts(IncidentStatus incident, String source, Optional<KnownFacts> before) {
    if (before.isEmpty()) {
      metrics.opened(incident.service(), incident.severity(), source);
    }
    boolean ackWasKnown = before.map(f -> f.acknowledgedAt() != null).orElse(false);
    if (!ackWasKnown && incident.mttaMillis() != null) {
      metrics.acknowledged(incident.service(), incident.severity(), Duration.ofMillis(incident.mttaMillis()));
    }
    boolean resolutionWasKnown = before.map(f -> f.resolvedAt() != null).orElse(false);
    if (!resolutionWasKnown && incident.mttrMillis() != null) {
      metrics.resolved(incident.service(), incident.severity(), Duration.ofMillis(incident.mttrMillis()));
    }
  }

  @Override
  public void recordEscalation(EscalationRecord escalation) {
    int inserted = StorageRefused.translating("escalation of " + escalation.incidentId(), () -> jdbc.sql("""
            insert into incident_escalations (incident_id, loop, level, escalated_by, escalated_at)
            values (:id, :loop, :level, :by, :at)
            on conflict do nothing
            """)
        .param("id", escalation.incidentId())
        .param("loop", escalation.step().loop())
        .param("level", escalation.step().level())
        .param("by", StorableText.of(escalation.by()))
        .param("at", timestamp(escalation.atMillis()))
        .update());
    if (inserted > 0) {
      metrics.escalated(escalation.service(), escalation.step().level());
    }
  }

  private static Timestamp timestamp(Long epochMillis) {
    return epochMillis == null ? null : new Timestamp(epochMillis);
  }
}
