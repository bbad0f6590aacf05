package dev.pitcrew.workflows.sla;

import dev.pitcrew.workflows.run.CurrentDetails;
import dev.pitcrew.workflows.run.Refusal;
import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import dev.pitcrew.workflows.run.SideEffects;
import dev.pitcrew.workflows.run.Waits;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

public class TicketSlaWorkflowImpl implements TicketSlaWorkflow {
  static final String ROUTING = "Routing";
  static final String OPEN = "Open";
  static final String PAUSED = "Paused";
  static final String RESOLVED = "Resolved";

  private static final Logger log = Workflow.getLogger(TicketSlaWorkflowImpl.class);

  static final ActivityOptions DATABASE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  // An unreachable Slack, JIRA or mail server is retried for an hour, then given up so the clocks keep going.
  private static final ActivityOptions NOTIFICATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofHours(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  // With side effects in the background (see SideEffects): records are local activities first, then durable ones
  // retried for up to a day; a reassignment looks the agent up for up to an hour. Neither holds the clocks up.
  private static final LocalActivityOptions RECORD_LOCALLY = SideEffects.FIRST_ATTEMPT_LOCALLY;
  private static final ActivityOptions RECORD_IN_BACKGROUND =
      ActivityOptions.newBuilder(DATABASE).setScheduleToCloseTimeout(Duration.ofDays(1)).build();
  private static final ActivityOptions LOOKUP_IN_BACKGROUND =
      ActivityOptions.newBuilder(DATABASE).setScheduleToCloseTimeout(Duration.ofHours(1)).build();
  private static final String POSTGRESQL = "PostgreSQL";
  private static final String JIRA = "JIRA";
  private static final String EMAIL = "email";
  private static final String PAGERDUTY = "PagerDuty";

  private final TicketIntakeActivities intake = Workflow.newActivityStub(TicketIntakeActivities.class, DATABASE);
  private final SlaRecordActivities records = Workflow.newActivityStub(SlaRecordActivities.class, DATABASE);
  private final SlaNotificationActivities notify =
      Workflow.newActivityStub(SlaNotificationActivities.class, NOTIFICATION);
  private final SlaRecordActivities recordsLocally = Workflow.newLocalActivityStub(SlaRecordActivities.class,
      RECORD_LOCALLY);
  private final SlaAcknowledgementActivities acknowledgeLocally =
      Workflow.newLocalActivityStub(SlaAcknowledgementActivities.class, RECORD_LOCALLY);
  private final SlaRecordActivities recordsInBackground =
      Workflow.newActivityStub(SlaRecordActivities.class, RECORD_IN_BACKGROUND);
  private final TicketIntakeActivities intakeInBackground =
      Workflow.newActivityStub(TicketIntakeActivities.class, LOOKUP_IN_BACKGROUND);

  /** Signals and updates only queue what happened; the main loop applies them in order, between timers. */
  private final Deque<Change> pending = new ArrayDeque<>();
  private final Map<SlaGoal, GoalClock> clocks = new EnumMap<>(SlaGoal.class);
  private final List<GoalOutcome> outcomes = new ArrayList<>();

  private TicketSlaInput ticket;
  private TicketAssignment assignment;
  private String priority;
  private String status;
  private SlaTerms terms;
  private BusinessCalendar calendar;
  private int cycle;
  private boolean resolved;
  private SideEffects effects;
  /** The ticket's state as this run last wrote it (since {@link SlaChanges#noIdleSteps()}). */
  private TicketSnapshot lastRecorded;
  private SlaChanges changes;
  private SlaLookups lookups;
  private RunTracker tracker;

  /** An event waiting for the main loop; an update's handler waits until it is applied. */
  private static final class Change {
    private final TicketEvent event;
    private boolean applied;

    Change(TicketEvent event) {
      this.event = event;
    }

    TicketEvent.Type kind() {
      return event.type();
    }

    String value() {
      return event.value();
    }
  }

  /** The next warning or breach: {@code percent} 100 is the breach. */
  private record Due(GoalClock clock, int percent, long atMillis) {}

  @Override
  public TicketSlaResult track(TicketSlaInput input) {
    // Decided before anything else: records and notifications in the background, never holding a clock up.
    effects = SideEffects.decide();
    changes = SlaChanges.decide();
    lookups = new SlaLookups(changes);
    ticket = input;
    TicketSlaCheckpoint continued = input.continued();
    if (continued != null) {
      goOnFrom(continued);
      return tracker.runToCompletion(this::superviseCycles, TicketSlaResult::summary);
    }
    priority = input.priority();
    status = input.status();
    assignment = lookups.route(input, ROUTING);
    tracker = RunTracker.start(RUN_TYPE, new RunLabels(assignment.queue(), null, priority), OPEN, effects);
    return tracker.runToCompletion(this::superviseTicket, TicketSlaResult::summary);
  }

  /** Picks up where the run that continued as new stopped: same cycle, the clocks exactly as they stood. */
  private void goOnFrom(TicketSlaCheckpoint continued) {
    assignment = continued.assignment();
    priority = continued.priority();
    status = continued.status();
    cycle = continued.cycle();
    outcomes.addAll(continued.outcomes());
    for (ClockRecord record : continued.clocks()) {
      clocks.put(record.goal(), GoalClock.restore(record));
    }
    tracker = RunTracker.resume(continued.tracker(), effects);
    useTerms(lookups.termsToGoOn(assignment.queue(), priority, tracker.phase()));
  }

  private TicketSlaResult superviseTicket() {
    if (alreadyResolvedWhenFirstHeardOf()) {
      // An update to a ticket whose run ended (e.g. Resolved -> Closed, or a priority edit after the reopen
      // window): no clocks, no acknowledgement to the requester, and no "met" goals that were never measured.
      return new TicketSlaResult(ticket.ticketKey(), 0, List.of());
    }
    // A recovered run (its predecessor was lost with its Temporal engine) already assigned and acknowledged: it
    // only goes on with the recorded clocks.
    boolean recovering = ticket.recovered() != null;
    if (assignment.chosenByPitcrew() && !recovering && livesInJiraOrAsRecorded()) {
      TicketAssignment chosen = assignment;
      notifyVia(JIRA, "assign in JIRA", () -> notify.assignInJira(ticket.ticketKey(), ticket.source(), chosen));
    }
    startCycle();
    if (!recovering) {
      GoalClock firstResponse = clocks.get(SlaGoal.FIRST_RESPONSE);
      long firstResponseDue =
          firstResponse.isRunning() ? firstResponse.instantWhenElapsed(calendar, firstResponse.goalMillis()) : 0;
      acknowledge(assignment, firstResponseDue);
    }
    return superviseCycles();
  }

  /**
   * Tells the requester the ticket was received. Since {@link SlaChanges#acknowledgesLocally()} (side effects in
   * the background) a local activity inside this workflow task first: with no mail server it writes the
   * acknowledgement down and that is all, so the run costs no activity and no workflow task more; an email to send,
   * or a local attempt that failed, goes on the email lane as the activity, as before.
   */
  private void acknowledge(TicketAssignment assigned, long firstResponseDue) {
    String what = "acknowledge the requester";
    if (!(changes.acknowledgesLocally() && effects.inBackground())) {
      notifyVia(EMAIL, what, () -> notify.acknowledge(ticket, assigned, firstResponseDue));
      return;
    }
    effects.deliver(EMAIL, what, () -> {
      if (!acknowledgedWithoutMail(assigned, firstResponseDue)) {
        notify.acknowledge(ticket, assigned, firstResponseDue);
      }
    });
  }

  private boolean acknowledgedWithoutMail(TicketAssignment assigned, long firstResponseDue) {
    try {
      return acknowledgeLocally.acknowledgeWithoutMail(ticket, assigned, firstResponseDue);
    } catch (ActivityFailure failed) {
      log.warn("Ticket {}: could not acknowledge the requester at once, retrying as an activity: {}",
          ticket.ticketKey(), failed.getCause() == null ? failed.getMessage() : failed.getCause().getMessage());
      return false;
    }
  }

  /** Cycle after cycle until the ticket stays resolved through its reopen window. */
  private TicketSlaResult superviseCycles() {
    while (true) {
      superviseCycle();
      tracker.enter(RESOLVED);
      if (!awaitReopen()) {
        answerWhatCameTooLate();
        return new TicketSlaResult(ticket.ticketKey(), cycle, List.copyOf(outcomes));
      }
      startCycle();
    }
  }

  /** An update that arrived as the reopen window closed is answered (the final status), not left hanging. */
  private void answerWhatCameTooLate() {
    while (!pending.isEmpty()) {
      pending.poll().applied = true;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
  }

  /** A run started for a ticket that is already resolved ends at once, measuring nothing. */
  private boolean alreadyResolvedWhenFirstHeardOf() {
    useTerms(lookups.terms(assignment.queue(), priority, tracker.phase()));
    return terms.resolves(status);
  }

  /** A cycle runs from creation (or reopening) to resolution, both goals on their own clocks. */
  private void startCycle() {
    RecoveredSla recovered = cycle == 0 ? ticket.recovered() : null;
    cycle++;
    resolved = false;
    // The first cycle's terms may have been read already, to see whether the ticket needs a cycle at all.
    if (terms == null) {
      useTerms(lookups.terms(assignment.queue(), priority, tracker.phase()));
    } else if (cycle > 1) {
      useTerms(lookups.termsOrKeep(assignment.queue(), priority, terms, ticket.ticketKey()));
    }
    long now = Workflow.currentTimeMillis();
    clocks.clear();
    if (recovered != null) {
      resumeRecoveredCycle(recovered, now);
      return;
    }
    for (SlaGoal goal : SlaGoal.values()) {
      clocks.put(goal, new GoalClock(goal, terms.goalMillis(goal), now));
    }
    if (terms.pauses(status)) {
      clocks.values().forEach(c -> c.pause(calendar, now));
    }
    afterChange();
  }

  /**
   * Goes on with the cycle a lost run was in: its clocks keep their original start, used time and pause, so a
   * deadline that fell due while no engine ran is already past and fires at once (recorded as late).
   */
  private void resumeRecoveredCycle(RecoveredSla recovered, long now) {
    cycle = Math.max(1, recovered.cycle());
    for (ClockRecord record : recovered.clocks()) {
      clocks.put(record.goal(), GoalClock.restore(record));
    }
    for (SlaGoal goal : SlaGoal.values()) {
      clocks.computeIfAbsent(goal, g -> new GoalClock(g, terms.goalMillis(g), now));
    }
    log.info("Ticket {} recovered in cycle {} from lost run {}", ticket.ticketKey(), cycle, recovered.lostRunId());
    afterChange();
  }

  private void superviseCycle() {
    while (!resolved) {
      if (pending.isEmpty()) {
        continueAsNewIfHistoryIsLong();
        waitForChangeOrNextDeadline();
      }
      if (!pending.isEmpty()) {
        apply(pending.poll());
      }
    }
  }

  /**
   * A ticket can stay open for months, paused and resumed many times: once the history is long (or Temporal
   * suggests it), the run continues as new with its clocks as they stand. Only between events, with every update
   * answered, so nothing is lost on the way.
   */
  private void continueAsNewIfHistoryIsLong() {
    if (readyToContinueAsNew()) {
      Workflow.continueAsNew(ticket.continuedFrom(new TicketSlaCheckpoint(assignment, priority, status, cycle,
          clocks.values().stream().map(GoalClock::record).toList(), List.copyOf(outcomes), tracker.checkpoint())));
    }
  }

  /** Side effects still in flight would be abandoned by continue-as-new: it waits until they are delivered. */
  private boolean readyToContinueAsNew() {
    WorkflowInfo info = Workflow.getInfo();
    boolean historyIsLong = info.isContinueAsNewSuggested()
        || info.getHistoryLength() >= ticket.effectiveContinueAsNewAfterEvents();
    return historyIsLong && pending.isEmpty() && Workflow.isEveryHandlerFinished() && effects.idle();
  }

  /**
   * What ends a wait besides its deadline: a change, or (side effects in the background) the last delivery of a
   * long history landing, so the run continues as new then instead of at the next change.
   */
  private boolean changedOrReadyToContinueAsNew() {
    return !pending.isEmpty() || effects.inBackground() && readyToContinueAsNew();
  }

  private void waitForChangeOrNextDeadline() {
    Due next = nextDue();
    if (next == null) {
      CurrentDetails.show(tracker.phase(), "[" + priority + "] the clocks to run again (ticket paused or answered)");
      Workflow.await(this::changedOrReadyToContinueAsNew);
      return;
    }
    String deadline = describe(next);
    CurrentDetails.show(tracker.phase(), "[" + priority + "] " + deadline);
    Duration wait = Duration.ofMillis(next.atMillis() - Workflow.currentTimeMillis());
    // A deadline already past (a worker was down when it came) fires at once, and exactly once.
    if (wait.isPositive() && Waits.await(wait, deadline, this::changedOrReadyToContinueAsNew)) {
      return;
    }
    if (next.percent() >= 100) {
      breach(next);
    } else {
      warn(next);
    }
    afterChange();
  }

  private void warn(Due due) {
    due.clock().markWarned(due.percent());
    long breachAt = due.clock().instantWhenElapsed(calendar, due.clock().goalMillis());
    if (breachAt <= Workflow.currentTimeMillis()) {
      // Came too late to help (a worker was down): the breach follows at once and says it all.
      return;
    }
    SlaAlert warning = alert(due);
    notifyVia(EMAIL, "warn the agent", () -> notify.warnAgent(warning));
  }

  private void breach(Due due) {
    due.clock().markBreached();
    SlaAlert breach = alert(due);
    if (effects.inBackground()) {
      breachInBackground(breach);
      return;
    }
    records.recordBreach(breach);
    BreachActions actions = terms.breachActions();
    if (actions.slackChannel() != null) {
      attempt("post the breach to Slack", () -> notify.postBreachToSlack(breach, actions.slackChannel()));
    }
    if (actions.page()) {
      attempt("page on-call", () -> notify.page(breach));
    }
    if (actions.reassignTo() != null && !actions.reassignTo().equals(assignment.assignee())) {
      assignment = intake.reassign(ticket.ticketKey(), assignment.queue(), actions.reassignTo());
      attempt("reassign in JIRA", () -> notify.assignInJira(ticket.ticketKey(), ticket.source(), assignment));
    }
    String raiseTo = actions.raisePriorityTo();
    if (raiseTo != null && !raiseTo.equals(priority)) {
      attempt("raise the priority in JIRA", () -> notify.raisePriority(ticket.ticketKey(), ticket.source(), raiseTo));
      changePriority(raiseTo);
    }
  }

  /**
   * Every breach action at once, each on its own system's lane: the page does not wait for Slack, Slack not for
   * the breach record, and none of them for PostgreSQL. The clocks go on meanwhile.
   */
  private void breachInBackground(SlaAlert breach) {
    effects.write(POSTGRESQL, "record the breach", () -> recordsLocally.recordBreach(breach),
        () -> recordsInBackground.recordBreach(breach));
    BreachActions actions = terms.breachActions();
    if (actions.page()) {
      effects.deliver(PAGERDUTY, "page on-call", () -> notify.page(breach));
    }
    if (actions.slackChannel() != null) {
      effects.deliver(SideEffects.SLACK, "post the breach to Slack",
          () -> notify.postBreachToSlack(breach, actions.slackChannel()));
    }
    if (actions.reassignTo() != null && !actions.reassignTo().equals(assignment.assignee())) {
      String queue = assignment.queue();
      effects.deliver(JIRA, "reassign in JIRA", () -> {
        assignment = intakeInBackground.reassign(ticket.ticketKey(), queue, actions.reassignTo());
        if (livesInJiraOrAsRecorded()) {
          notify.assignInJira(ticket.ticketKey(), ticket.source(), assignment);
        }
      });
    }
    String raiseTo = actions.raisePriorityTo();
    if (raiseTo != null && !raiseTo.equals(priority)) {
      effects.deliver(JIRA, "raise the priority in JIRA",
          () -> notify.raisePriority(ticket.ticketKey(), ticket.source(), raiseTo));
      changePriority(raiseTo);
    }
  }

  private void apply(Change change) {
    long now = Workflow.currentTimeMillis();
    switch (change.kind()) {
      case FIRST_RESPONSE -> stop(clocks.get(SlaGoal.FIRST_RESPONSE), now);
      case RESOLVE -> resolve(now);
      case PRIORITY -> changePriority(change.value());
      case ASSIGNEE -> assignment = assignment.withAssignee(change.value());
      case STATUS -> {
        status = change.value();
        if (terms.resolves(status)) {
          resolve(now);
        } else if (terms.pauses(status)) {
          clocks.values().forEach(c -> c.pause(calendar, now));
        } else {
          clocks.values().forEach(c -> c.resume(now));
        }
      }
      case REOPEN -> {
        // Only a resolved ticket can be reopened; an open one is already in its cycle.
      }
    }
    change.applied = true;
    afterChange();
  }

  /** Goals follow the new priority; time already used stays used, so a tighter goal may breach at once. */
  private void changePriority(String newPriority) {
    if (newPriority == null || newPriority.equals(priority)) {
      return;
    }
    priority = newPriority;
    useTerms(lookups.termsOrKeep(assignment.queue(), priority, terms, ticket.ticketKey()));
    for (GoalClock clock : clocks.values()) {
      // A goal already met or missed was judged against its target then, and its outcome recorded so.
      if (!(changes.metGoalsKeepTheirTarget() && clock.isStopped())) {
        clock.retarget(terms.goalMillis(clock.goal()));
      }
    }
  }

  private void resolve(long now) {
    clocks.values().forEach(c -> stop(c, now));
    resolved = true;
  }

  private void stop(GoalClock clock, long now) {
    if (clock.isStopped()) {
      return;
    }
    long elapsed = clock.stop(calendar, now);
    GoalOutcome outcome =
        new GoalOutcome(ticket.ticketKey(), cycle, clock.goal(), terms.policy(), priority,
            !clock.isBreached() && elapsed <= clock.goalMillis(), clock.goalMillis(), elapsed,
            clock.startedAtMillis(), now);
    outcomes.add(outcome);
    record("record the " + clock.goal() + " outcome", () -> recordsLocally.recordOutcome(outcome),
        () -> recordsInBackground.recordOutcome(outcome), () -> records.recordOutcome(outcome));
  }

  /** Waits out the reopen window; answers whether the ticket was reopened in it. */
  private boolean awaitReopen() {
    long closesAt = Workflow.currentTimeMillis() + terms.reopenWindowMillis();
    while (true) {
      Duration left = Duration.ofMillis(closesAt - Workflow.currentTimeMillis());
      if (!left.isPositive() || !Workflow.await(left, () -> !pending.isEmpty())) {
        return false;
      }
      Change change = pending.poll();
      change.applied = true;
      switch (change.kind()) {
        case REOPEN -> {
          return true;
        }
        case STATUS -> {
          status = change.value();
          if (!terms.resolves(status)) {
            return true;
          }
        }
        case PRIORITY -> priority = change.value();
        case ASSIGNEE -> assignment = assignment.withAssignee(change.value());
        default -> {
          // A response or resolution of a resolved ticket changes nothing.
        }
      }
    }
  }

  private Due nextDue() {
    Due next = null;
    for (GoalClock clock : clocks.values()) {
      if (!clock.isRunning() || clock.isBreached()) {
        continue;
      }
      for (int percent : terms.warningPercents()) {
        if (percent < 100 && !clock.warned(percent)) {
          next = earlier(next, new Due(clock, percent,
              clock.instantWhenElapsed(calendar, clock.goalMillis() * percent / 100)));
        }
      }
      next = earlier(next, new Due(clock, 100, clock.instantWhenElapsed(calendar, clock.goalMillis())));
    }
    return next;
  }

  /** "resolution warning at 80%, 14:30 UTC" / "first response breach at 15:00 UTC", for the Temporal UI. */
  private static String describe(Due due) {
    String goal = due.clock().goal().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return goal + (due.percent() >= 100 ? " breach at " : " warning at " + due.percent() + "%, ")
        + Waits.at(due.atMillis());
  }

  private static Due earlier(Due current, Due candidate) {
    return current == null || candidate.atMillis() < current.atMillis() ? candidate : current;
  }

  private void useTerms(SlaTerms newTerms) {
    terms = newTerms;
    calendar = BusinessCalendar.of(terms.calendar());
  }

  private SlaAlert alert(Due due) {
    return new SlaAlert(ticket.ticketKey(), ticket.source(), ticket.title(), cycle, due.clock().goal(), priority,
        assignment.queue(), assignment.assignee(), assignment.assigneeEmail(), due.percent(), due.atMillis(),
        due.clock().goalMillis());
  }

  /** Records the new state and moves the run's phase when the clocks started or stopped running. */
  private void afterChange() {
    long now = Workflow.currentTimeMillis();
    String phase = resolved ? RESOLVED : clocks.values().stream().anyMatch(GoalClock::isRunning) ? OPEN : PAUSED;
    if (!phase.equals(tracker.phase()) && !resolved) {
      tracker.enter(phase);
    }
    Due next = nextDue();
    TicketSnapshot snapshot =
        new TicketSnapshot(ticket.ticketKey(), ticket.source(), ticket.title(), ticket.requesterEmail(),
            assignment.queue(), assignment.assignee(), priority, status, cycle, overallState(now),
            next == null ? 0 : next.atMillis(), resolved, now,
            clocks.values().stream().map(GoalClock::record).toList(), changes.recordsTerms() ? terms : null);
    if (changes.noIdleSteps() && snapshot.sameStateAs(lastRecorded)) {
      return;
    }
    lastRecorded = snapshot;
    Functions.Proc inBackground = () -> recordsInBackground.recordTicket(snapshot);
    record("record the ticket", () -> recordsLocally.recordTicket(snapshot),
        changes.rewritesAfterGiveUp() ? forgottenIfGivenUp(snapshot, inBackground) : inBackground,
        () -> records.recordTicket(snapshot));
  }

  /** A record given up on is not the row's state: the next step writes the ticket again, changed or not. */
  private Functions.Proc forgottenIfGivenUp(TicketSnapshot snapshot, Functions.Proc write) {
    return () -> {
      try {
        write.apply();
      } catch (ActivityFailure givenUp) {
        if (lastRecorded == snapshot) {
          lastRecorded = null;
        }
        throw givenUp;
      }
    };
  }

  /** JIRA is told of an assignment only for a ticket that lives there, except in runs recorded before that rule. */
  private boolean livesInJiraOrAsRecorded() {
    return !changes.noIdleSteps() || TicketSlaInput.SOURCE_JIRA.equals(ticket.source());
  }

  /** A record of Pitcrew's own: in the background when this run's policy says so, else the run waits for it. */
  private void record(String what, Functions.Proc locally, Functions.Proc inBackground, Functions.Proc inPlace) {
    if (effects.inBackground()) {
      effects.write(POSTGRESQL, what, locally, inBackground);
    } else {
      inPlace.apply();
    }
  }

  /** A notification: on its system's lane when this run's policy says so, else tried in place and logged. */
  private void notifyVia(String system, String what, Functions.Proc notification) {
    if (effects.inBackground()) {
      effects.deliver(system, what, notification);
    } else {
      attempt(what, notification::apply);
    }
  }

  private GoalState overallState(long now) {
    return RecordedSla.worst(clocks.values(), calendar, now, firstWarningPercent());
  }

  private int firstWarningPercent() {
    return RecordedSla.firstWarningPercent(terms);
  }

  /** A notification that still fails after its retries is logged and skipped: the clocks must keep running. */
  private void attempt(String what, Runnable notification) {
    try {
      notification.run();
    } catch (ActivityFailure failed) {
      log.warn("Gave up trying to {} for ticket {}: {}", what, ticket.ticketKey(), failed.getCause().getMessage());
    }
  }

  @Override
  public void event(TicketEvent event) {
    pending.add(new Change(event));
  }

  @Override
  public TicketSlaStatus applyEvent(TicketEvent event) {
    Change change = new Change(event);
    pending.add(change);
    Workflow.await(() -> change.applied);
    return slaStatus(0);
  }

  @Override
  public void validateApplyEvent(TicketEvent event) {
    ApplicationFailure refusal = refusalOf(event);
    if (refusal != null) {
      throw refusal;
    }
  }

  /** Why a person's event cannot count now, or null; facts from JIRA are never refused (they already happened). */
  private ApplicationFailure refusalOf(TicketEvent event) {
    if (event == null || event.type() == null) {
      return Refusal.INVALID.because("an event needs a type");
    }
    boolean needsValue = event.type() == TicketEvent.Type.STATUS || event.type() == TicketEvent.Type.PRIORITY;
    if (needsValue && (event.value() == null || event.value().isBlank())) {
      return Refusal.INVALID.because(event.type() + " needs a value");
    }
    if (terms == null) {
      return null; // Still routing: the event waits in line like any other.
    }
    return switch (event.type()) {
      case RESOLVE -> resolved ? Refusal.ALREADY_DECIDED.because("the ticket is already resolved") : null;
      case REOPEN -> resolved ? null
          : Refusal.WRONG_PHASE.because("the ticket is open; only a resolved ticket can be reopened");
      case FIRST_RESPONSE -> resolved ? Refusal.WRONG_PHASE.because("the ticket is resolved")
          : clocks.containsKey(SlaGoal.FIRST_RESPONSE) && clocks.get(SlaGoal.FIRST_RESPONSE).isStopped()
              ? Refusal.ALREADY_DECIDED.because("the first response is already recorded") : null;
      case PRIORITY -> event.value().equals(priority)
          ? Refusal.ALREADY_DECIDED.because("the priority is already " + priority) : null;
      default -> null;
    };
  }

  @Override
  public TicketSlaStatus slaStatus(long asOfMillis) {
    if (terms == null) {
      return new TicketSlaStatus(ticket == null ? null : ticket.ticketKey(), null, null, priority, status, null, 0,
          false, GoalState.RUNNING, List.of());
    }
    long at = asOfMillis > 0 ? asOfMillis : Workflow.currentTimeMillis();
    return RecordedSla.status(ticket.ticketKey(), assignment.queue(), assignment.assignee(), priority, status, cycle,
        resolved, terms, calendar, clocks.values(), at);
  }

  @Override
  public String phase() {
    return tracker == null ? ROUTING : tracker.phase();
  }
}
