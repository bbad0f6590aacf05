package dev.pitcrew.activities.sla;

import dev.pitcrew.workflows.sla.GoalOutcome;
import dev.pitcrew.workflows.sla.SlaAlert;
import dev.pitcrew.workflows.sla.SlaRecordActivities;
import dev.pitcrew.workflows.sla.TicketSnapshot;
import dev.pitcrew.workflows.text.StorableText;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Writes ticket state and SLA outcomes, which the ticket list, the report and the state gauge read. */
@Component
public class SlaRecordActivitiesImpl implements SlaRecordActivities {
  private final JdbcClient jdbc;
  private final SlaMetrics metrics;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();

  public SlaRecordActivitiesImpl(JdbcClient jdbc, SlaMetrics metrics) {
    this.jdbc = jdbc;
    this.metrics = metrics;
    this.clock = Clock.systemUTC();
  }

  @Override
  public void recordTicket(TicketSnapshot s) {
    // JIRA tickets bring vendor text; the API refuses unstorable text, this keeps the row writable regardless.
    jdbc.sql("""
            insert into sla_tickets (ticket_key, source, title, requester_email, queue, assignee, priority, status,
                                     cycle, sla_state, next_due_at, resolved, updated_at, clocks, terms)
            values (:key, :source, :title, :requester, :queue, :assignee, :priority, :status, :cycle, :state, :due,
                    :resolved, :updated, cast(:clocks as jsonb), cast(:terms as jsonb))
            on conflict (ticket_key) do update set
                queue = excluded.queue, assignee = excluded.assignee, priority = excluded.priority,
                status = excluded.status, cycle = excluded.cycle, sla_state = excluded.sla_state,
                next_due_at = excluded.next_due_at, resolved = excluded.resolved, updated_at = excluded.updated_at,
                clocks = coalesce(excluded.clocks, sla_tickets.clocks), terms = excluded.terms
            where sla_tickets.sla_state is null or sla_tickets.updated_at <= excluded.updated_at""")
        .param("key", s.ticketKey())
        .param("source", s.source())
        .param("title", StorableText.of(s.title()))
        .param("requester", StorableText.of(s.requesterEmail()))
        .param("queue", s.queue())
        .param("assignee", StorableText.of(s.assignee()))
        .param("priority", StorableText.of(s.priority()))
        .param("status", StorableText.of(s.status()))
        .param("cycle", s.cycle())
        .param("state", s.slaState().name())
        .param("due", s.nextDueAtMillis() == 0 ? null : new Timestamp(s.nextDueAtMillis()))
        .param("resolved", s.resolved())
        .param("updated", new Timestamp(s.updatedAtMillis()))
        // Snapshots from runs started before clocks were recorded carry none: the last recorded ones stay.
        .param("clocks", s.clocks() == null ? null : json.writeValueAsString(s.clocks()))
        // Null from runs that do not record their terms: the API then asks the workflow for the live clocks.
        .param("terms", s.terms() == null ? null : json.writeValueAsString(s.terms()))
        .update();
  }

  @Override
  public void recordBreach(SlaAlert breach) {
    long now = clock.millis();
    int recorded = jdbc.sql("""
            insert into sla_outcomes (ticket_key, cycle, goal, priority, met, goal_ms, breached_at, breach_note)
            values (?, ?, ?, ?, false, ?, ?, ?)
            on conflict (ticket_key, cycle, goal) do update set met = false, breached_at = excluded.breached_at,
                breach_note = excluded.breach_note
            where sla_outcomes.breached_at is null""")
        .params(breach.ticketKey(), breach.cycle(), breach.goal().name(), StorableText.of(breach.priority()),
            breach.goalMillis(),
            new Timestamp(breach.dueAtMillis()), lateNote(breach.dueAtMillis(), now))
        .update();
    if (recorded == 1) {
      metrics.breached(breach.priority(), breach.goal().name());
      metrics.lateness("breach", breach.dueAtMillis(), now);
    }
  }

  @Override
  public void recordOutcome(GoalOutcome o) {
    jdbc.sql("""
            insert into sla_outcomes (ticket_key, cycle, goal, policy, priority, met, goal_ms, elapsed_ms, stopped_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (ticket_key, cycle, goal) do update set
                policy = excluded.policy, priority = excluded.priority, met = excluded.met and sla_outcomes.met,
                goal_ms = excluded.goal_ms, elapsed_ms = excluded.elapsed_ms, stopped_at = excluded.stopped_at""")
        .params(o.ticketKey(), o.cycle(), o.goal().name(), o.policy(), StorableText.of(o.priority()), o.met(),
            o.goalMillis(),
            o.elapsedMillis(), new Timestamp(o.stoppedAtMillis()))
        .update();
  }

  /**
   * A breach that fires more than 10 seconds after it fell due (no engine or worker ran then, e.g. a run recovered
   * after its Temporal engine was lost) is marked late: its breached_at stays the due time.
   */
  static String lateNote(long dueAtMillis, long firedAtMillis) {
    if (firedAtMillis - dueAtMillis <= Duration.ofSeconds(10).toMillis()) {
      return null;
    }
    return "breach fired late: due " + Instant.ofEpochMilli(dueAtMillis) + ", fired "
        + Instant.ofEpochMilli(firedAtMillis) + " (no engine or worker was running when it fell due)";
  }
}
