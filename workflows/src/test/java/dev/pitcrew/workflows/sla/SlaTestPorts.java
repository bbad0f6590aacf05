package dev.pitcrew.workflows.sla;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/** Test doubles of the SLA ports that keep what the workflow asked for, and when (in workflow test time). */
final class SlaTestPorts {
  private SlaTestPorts() {}

  static SlaTerms terms(String priority, Duration firstResponse, Duration resolution, BreachActions actions) {
    return new SlaTerms("standard", priority, firstResponse.toMillis(), resolution.toMillis(),
        CalendarSpec.allDay("UTC"), List.of("Waiting for customer"), List.of("Resolved", "Done"), List.of(75, 90),
        actions, Duration.ofHours(24).toMillis());
  }

  /** Priorities Highest > High > Medium; each raises to the one above on breach. */
  static final class Policies implements SlaPolicyActivities {
    final Map<String, SlaTerms> byPriority = new ConcurrentHashMap<>();
    final List<String> requested = new CopyOnWriteArrayList<>();
    /** While set, every lookup fails as the real one does for a queue whose configuration is incomplete. */
    volatile String misconfigured;

    Policies() {
      byPriority.put("Highest", terms("Highest", Duration.ofMinutes(5), Duration.ofMinutes(30),
          new BreachActions("#support-sla", null, null, true)));
      byPriority.put("High", terms("High", Duration.ofMinutes(10), Duration.ofMinutes(60),
          new BreachActions("#support-sla", null, null, false)));
      byPriority.put("Medium", terms("Medium", Duration.ofMinutes(60), Duration.ofHours(8),
          new BreachActions("#support-sla", null, null, false)));
    }

    @Override
    public SlaTerms termsFor(String queue, String priority) {
      requested.add(priority);
      if (misconfigured != null) {
        throw io.temporal.failure.ApplicationFailure.newFailure("SLA configuration incomplete: " + misconfigured,
            "SlaMisconfigured");
      }
      return byPriority.get(priority);
    }
  }

  static final class Intake implements TicketIntakeActivities {
    @Override
    public TicketAssignment route(TicketSlaInput ticket) {
      return new TicketAssignment("support", "alice", "alice@studio.test", "acc-alice", ticket.assignee() == null);
    }

    @Override
    public TicketAssignment reassign(String ticketKey, String queue, String agentName) {
      return new TicketAssignment(queue, agentName, agentName + "@studio.test", "acc-" + agentName, true);
    }
  }

  static final class Records implements SlaRecordActivities {
    final List<TicketSnapshot> snapshots = new CopyOnWriteArrayList<>();
    final List<SlaAlert> breaches = new CopyOnWriteArrayList<>();
    final List<GoalOutcome> outcomes = new CopyOnWriteArrayList<>();
    /** While true every write fails as it would with PostgreSQL unreachable. */
    volatile boolean down;

    @Override
    public void recordTicket(TicketSnapshot snapshot) {
      failIfDown();
      snapshots.add(snapshot);
    }

    @Override
    public void recordBreach(SlaAlert breach) {
      failIfDown();
      breaches.add(breach);
    }

    @Override
    public void recordOutcome(GoalOutcome outcome) {
      failIfDown();
      outcomes.add(outcome);
    }

    private void failIfDown() {
      if (down) {
        throw io.temporal.failure.ApplicationFailure.newFailure("PostgreSQL is unreachable", "DatabaseDown");
      }
    }

    TicketSnapshot last() {
      return snapshots.getLast();
    }
  }

  /** One call of a notification port: what, about which goal, and the workflow time it ran at. */
  record Sent(String kind, SlaGoal goal, int percent, long dueAtMillis, long atMillis, String detail) {}

  static final class Notifications implements SlaNotificationActivities, SlaAcknowledgementActivities {
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final Set<String> failFirstAttemptOf;

    Notifications(LongSupplier clock, Set<String> failFirstAttemptOf) {
      this.clock = clock;
      this.failFirstAttemptOf = failFirstAttemptOf;
    }

    /** Kinds whose system is down: every attempt fails. */
    final Set<String> down = ConcurrentHashMap.newKeySet();
    /** Whether a mail server is configured: the acknowledgement is then an email, sent by its activity. */
    volatile boolean mailServer = true;

    private void attempt(String kind) {
      int attempt = attempts.merge(kind, 1, Integer::sum);
      if (down.contains(kind)) {
        throw new IllegalStateException(kind + " is unreachable");
      }
      if (attempt == 1 && failFirstAttemptOf.contains(kind)) {
        throw new IllegalStateException(kind + " is unreachable (first attempt)");
      }
    }

    private void record(String kind, SlaAlert alert, String detail) {
      attempt(kind);
      sent.add(alert == null
          ? new Sent(kind, null, 0, 0, clock.getAsLong(), detail)
          : new Sent(kind, alert.goal(), alert.percent(), alert.dueAtMillis(), clock.getAsLong(), detail));
    }

    @Override
    public void acknowledge(TicketSlaInput ticket, TicketAssignment assignment, long firstResponseDueAtMillis) {
      record("acknowledge", null, ticket.requesterEmail());
    }

    @Override
    public boolean acknowledgeWithoutMail(
        TicketSlaInput ticket, TicketAssignment assignment, long firstResponseDueAtMillis) {
      if (mailServer) {
        return false;
      }
      record("acknowledge", null, ticket.requesterEmail());
      return true;
    }

    @Override
    public void assignInJira(String ticketKey, String source, TicketAssignment assignment) {
      record("assign", null, assignment.assignee());
    }

    @Override
    public void warnAgent(SlaAlert warning) {
      record("warn", warning, warning.assigneeEmail());
    }

    @Override
    public void postBreachToSlack(SlaAlert breach, String channel) {
      record("slack", breach, channel);
    }

    @Override
    public void raisePriority(String ticketKey, String source, String priority) {
      record("raise", null, priority);
    }

    @Override
    public void page(SlaAlert breach) {
      record("page", breach, breach.priority());
    }

    List<Sent> of(String kind) {
      return sent.stream().filter(s -> s.kind().equals(kind)).toList();
    }
  }

  /** The mail-less acknowledgement alone, for a workflow worker that runs no notification activity. */
  static final class Acknowledgements implements SlaAcknowledgementActivities {
    private final Notifications notifications;

    Acknowledgements(Notifications notifications) {
      this.notifications = notifications;
    }

    @Override
    public boolean acknowledgeWithoutMail(
        TicketSlaInput ticket, TicketAssignment assignment, long firstResponseDueAtMillis) {
      return notifications.acknowledgeWithoutMail(ticket, assignment, firstResponseDueAtMillis);
    }
  }

  static Map<String, Integer> counts(List<Sent> sent) {
    Map<String, Integer> counts = new HashMap<>();
    sent.forEach(s -> counts.merge(s.kind(), 1, Integer::sum));
    return counts;
  }
}
