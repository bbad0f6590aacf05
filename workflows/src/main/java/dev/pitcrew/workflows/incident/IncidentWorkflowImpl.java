package dev.pitcrew.workflows.incident;

import static dev.pitcrew.workflows.incident.TimelineEntry.PITCREW;
import static dev.pitcrew.workflows.incident.TimelineEntry.WORKFLOW;

import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

public class IncidentWorkflowImpl implements IncidentWorkflow {
  static final String OPEN = "Open";
  static final String ACKNOWLEDGED = "Acknowledged";
  static final String RESOLVED = "Resolved";

  // Paging never gives up by itself: an unpaged incident is the worst outcome. Rate limits set their own delay.
  private static final ActivityOptions PAGING = options(Duration.ofSeconds(30), null, Duration.ofMinutes(1));
  // A chat outage must not hold the incident: after 15 minutes a message is given up and put on the timeline.
  private static final ActivityOptions CHAT = options(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(1));
  private static final ActivityOptions RECORDS = options(Duration.ofSeconds(10), null, Duration.ofMinutes(1));
  // Paging waits for the setup, so a database outage may delay it by two minutes at most.
  private static final ActivityOptions SETUP = options(Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(20));
  private static final ActivityOptions POSTMORTEM = options(Duration.ofSeconds(60), Duration.ofDays(1), Duration.ofMinutes(10));

  private final PagingActivities pager = Workflow.newActivityStub(PagingActivities.class, PAGING);
  private final ChatActivities chat = Workflow.newActivityStub(ChatActivities.class, CHAT);
  private final IncidentRecordActivities records = Workflow.newActivityStub(IncidentRecordActivities.class, RECORDS);
  private final IncidentRecordActivities settings = Workflow.newActivityStub(IncidentRecordActivities.class, SETUP);
  private final PostmortemActivities postmortems = Workflow.newActivityStub(PostmortemActivities.class, POSTMORTEM);

  private final OrderedDeliveries toPagerDuty = new OrderedDeliveries("PagerDuty", this::gaveUp);
  private final OrderedDeliveries toSlack = new OrderedDeliveries("Slack", this::gaveUp);
  private final OrderedDeliveries toDatabase = new OrderedDeliveries("PostgreSQL", this::gaveUp);
  private final OrderedDeliveries toJira = new OrderedDeliveries("JIRA", this::gaveUp);

  private record Received(long atMillis, IncidentSignal signal) {}

  private final Deque<Received> inbox = new ArrayDeque<>();
  private IncidentInput input;
  private IncidentSetup setup;
  private IncidentLedger incident;
  private RunTracker tracker;
  /** The phase the incident is in; its record in the runs index may follow a moment later. */
  private String phase = OPEN;
  private boolean channelRequested;
  private Resolve resolution;
  private boolean openingAlertApplied;
  /** The card's Slack ts once posted; carried through continue-as-new. */
  private String cardTs;
  private boolean cardUpdateQueued;

  @Override
  public IncidentStatus respond(IncidentInput input) {
    this.input = input;
    IncidentCheckpoint continued = input.continued();
    if (continued == null) {
      incident = IncidentLedger.open(Workflow.getInfo().getWorkflowId(), input, now());
      loadSetup();
      mobilise();
      // Tracking starts only now, and its index write is queued: a PostgreSQL outage must never hold up paging.
      tracker = RunTracker.startUnrecorded(RUN_TYPE, labels(), OPEN);
      RunTracker started = tracker;
      toDatabase.deliver("record the run", started::recordRunning);
    } else {
      incident = IncidentLedger.restore(continued);
      setup = continued.setup();
      channelRequested = incident.channel() != null;
      cardTs = continued.cardTs();
      tracker = RunTracker.resume(continued.tracker());
      phase = tracker.phase();
    }
    return tracker.runToCompletion(this::runbook, IncidentWorkflowImpl::outcome);
  }

  /** The incident runbook. */
  private IncidentStatus runbook() {
    while (!incident.isResolved()) {
      waitForSignalOrDeadline();
      applyReceivedSignals();
      escalateIfNobodyAcknowledged();
      remindCommanderIfUpdateIsDue();
      continueAsNewIfHistoryIsLong();
    }
    closeOut();
    return incident.status();
  }

  private void loadSetup() {
    try {
      setup = settings.loadSetup(incident.service());
    } catch (ActivityFailure failure) {
      setup = IncidentSetup.defaults();
      gaveUp("PostgreSQL", "load the escalation policy; using the " + incident.severity() + " default", failure);
    }
  }

  /** Page first, then open the channel and record the incident; each system at its own pace. */
  private void mobilise() {
    if (incident.severity().pagesOnCall()) {
      page(EscalationStep.FIRST, PITCREW, WORKFLOW, null);
    }
    if (incident.severity().opensChannel()) {
      openChannel();
    }
    recordIncident();
    keepStakeholderCadence();
  }

  // --- escalation ----------------------------------------------------------------------------------------------

  private void page(EscalationStep step, String actor, String source, String reason) {
    long now = now();
    EscalationPolicy policy = policy();
    List<EscalationTarget> targets = policy.targetsAt(step, now);
    long ackDeadline = now + policy.level(step).ackTimeout().toMillis();
    incident.paged(now, step, targets, ackDeadline, actor, source, reason);

    String summary = "[" + incident.severity() + "] " + incident.title();
    Severity severity = incident.severity();
    for (EscalationTarget target : targets) {
      if (target.pagerDutyService() != null) {
        Page page = new Page(incident.incidentId(), target.pagerDutyService(), summary, severity, incident.service(), step);
        toPagerDuty.deliver("page " + target.pagerDutyService(), () -> pager.trigger(page));
      }
    }
    if (!step.equals(EscalationStep.FIRST)) {
      List<String> groups = targets.stream().map(EscalationTarget::slackUserGroup).filter(Objects::nonNull).toList();
      String text = ":arrow_double_up: Escalated to level " + step.level()
          + (groups.isEmpty() ? "" : " " + mentions(groups))
          + (reason == null ? "" : " - " + reason);
      toSlack.deliver("announce level " + step.level(), () -> {
        if (incident.channel() != null) {
          chat.inviteResponders(incident.channel().id(), groups);
          chat.post(incident.channel().id(), text);
        }
      });
    }
    EscalationRecord escalation =
        new EscalationRecord(incident.incidentId(), incident.service(), severity, step, actor, now);
    toDatabase.deliver("record escalation", () -> records.recordEscalation(escalation));
    enterPhase(OPEN);
    updateCard();
  }

  private void escalateIfNobodyAcknowledged() {
    Long deadline = incident.nextEscalationAtMillis();
    if (deadline == null || now() < deadline) {
      return;
    }
    EscalationStep next = policy().after(incident.escalation());
    if (next == null) {
      incident.escalationExhausted(now());
      postToChannel(":warning: Nobody acknowledged on any level; paging stopped. Use Escalate to page again.");
      return;
    }
    String waited = HumanDuration.of(policy().level(incident.escalation()).ackTimeout());
    page(next, PITCREW, WORKFLOW, "no acknowledgement within " + waited);
  }

  private EscalationPolicy policy() {
    return setup.policy() != null ? setup.policy() : incident.severity().defaultPolicy(incident.service());
  }

  // --- signals, applied one at a time in arrival order ---------------------------------------------------------

  private void applyReceivedSignals() {
    while (!inbox.isEmpty()) {
      Received received = inbox.poll();
      if (incident.isResolved()) {
        applyAfterResolution(received.signal(), received.atMillis());
      } else {
        apply(received.signal(), received.atMillis());
      }
    }
  }

  private void apply(IncidentSignal signal, long at) {
    switch (signal) {
      case Acknowledge ack -> markAcknowledged(ack, at);
      case Escalate escalate -> escalateOnRequest(escalate, at);
      case Resolve resolve -> markResolved(resolve, at);
      case ChangeSeverity change -> changeSeverityTo(change, at);
      case Alert alert -> joinAlert(alert, at);
      case Note note -> incident.add(new TimelineEntry(at, TimelineEvent.NOTE, note.actor(), note.source(), note.text()));
      case StakeholderUpdate update -> postStakeholderUpdate(update, at);
    }
  }

  /** A resolved incident stays resolved: only notes, alerts and stakeholder updates still count. */
  private void applyAfterResolution(IncidentSignal signal, long at) {
    switch (signal) {
      case Note note -> apply(note, at);
      case StakeholderUpdate update -> postStakeholderUpdate(update, at);
      case Alert alert when alert.status() == AlertStatus.RESOLVED && isRepeatOfClearedAlert(alert) -> {}
      case Alert alert when alert.status() == AlertStatus.RESOLVED -> incident.alertCleared(at, alert);
      case Alert alert when isRepeatOfFiringAlert(alert) -> {}
      case Alert alert -> {
        if (incident.alertFired(at, alert)) {
          postToChannel(":bell: Alert fired after resolution: " + alert.alertKey()
              + ". Open a new incident if it is not this one.");
        }
      }
      default -> incident.ignored(at, signal, "the incident was already resolved by " + incident.status().resolvedBy());
    }
  }

  private void markAcknowledged(Acknowledge ack, long at) {
    if (incident.state() == IncidentState.ACKNOWLEDGED) {
      incident.ignored(at, ack, "already acknowledged by " + incident.acknowledgedBy());
      return;
    }
    incident.acknowledged(at, ack.actor(), ack.source());
    for (String service : incident.pagedServices()) {
      PageUpdate update = new PageUpdate(incident.incidentId(), service);
      toPagerDuty.deliver("acknowledge " + service, () -> pager.acknowledge(update));
    }
    postToChannel(":eyes: Acknowledged by " + ack.actor() + " (" + ack.source() + "); escalation paused.");
    updateCard();
    recordIncident();
    enterPhase(ACKNOWLEDGED);
  }

  private void escalateOnRequest(Escalate escalate, long at) {
    EscalationStep current = incident.escalation();
    EscalationStep next = current == null ? null : policy().after(current);
    if (next == null) {
      // Nobody paged yet, or the ladder ran out: asking for help starts it (over) rather than being refused.
      next = EscalationStep.FIRST;
    }
    page(next, escalate.actor(), escalate.source(), escalate.reason());
  }

  private void markResolved(Resolve resolve, long at) {
    resolution = resolve;
    incident.resolved(at, resolve.actor(), resolve.source(), resolve.summary());
    updateCard();
    enterPhase(RESOLVED);
  }

  private void changeSeverityTo(ChangeSeverity change, long at) {
    Severity from = incident.severity();
    Severity to = change.severity();
    if (to == null || to == from) {
      incident.ignored(at, change, "severity is already " + from);
      return;
    }
    incident.severityChanged(at, to, change.actor(), change.source(), change.reason());
    tracker.relabel(labels());
    postToChannel(":rotating_light: Severity " + from + " -> " + to + " by " + change.actor()
        + (change.reason() == null ? "" : ": " + change.reason()));
    if (to.opensChannel() && !channelRequested) {
      openChannel();
    } else {
      updateCard();
    }
    if (to.pagesOnCall() && incident.escalation() == null && incident.state() == IncidentState.OPEN) {
      page(EscalationStep.FIRST, change.actor(), change.source(), "severity raised to " + to);
    }
    keepStakeholderCadence();
    recordIncident();
  }

  private void joinAlert(Alert alert, long at) {
    if (alert.status() == AlertStatus.RESOLVED) {
      if (isRepeatOfClearedAlert(alert)) {
        return;
      }
      boolean allClear = incident.alertCleared(at, alert);
      if (allClear && policy().autoResolveWhenAlertsClear()) {
        markResolved(new Resolve(PITCREW, "auto-resolve", "Every alert cleared; resolved by the service's policy.", List.of()), at);
      } else if (allClear && !incident.allAlertsHaveCleared()) {
        holdEscalation(at);
      }
      return;
    }
    if (isOpeningAlert(alert, at)) {
      incident.openedBy(alert);
      return;
    }
    if (isRepeatOfFiringAlert(alert)) {
      return;
    }
    if (incident.alertFired(at, alert)) {
      postToChannel(":bell: Alert joined: " + alert.alertKey()
          + (alert.summary() == null ? "" : " - " + alert.summary()) + " (" + alert.source() + ")");
      if (incident.alertsFiringAgain(at)) {
        postToChannel(":arrow_forward: An alert fired again; escalation resumes at level "
            + incident.escalation().level() + ".");
        updateCard();
        recordIncident();
      }
    }
  }

  /**
   * Every alert cleared and the policy leaves resolving to people: nobody more is paged for an incident whose
   * alerts say it is over, but it stays open until a human confirms recovery (alerts flap; a clear is no proof).
   */
  private void holdEscalation(long at) {
    incident.allAlertsCleared(at);
    postToChannel(":white_check_mark: All alerts cleared; escalation stopped. Confirm recovery and resolve the "
        + "incident, or escalate by hand if it is not over.");
    updateCard();
    recordIncident();
  }

  /**
   * Alertmanager keeps listing a resolved alert in its group's later notifications: an alert that is not firing on
   * the incident cannot clear again.
   */
  private boolean isRepeatOfClearedAlert(Alert alert) {
    return !incident.isFiring(alert.alertKey());
  }

  /** The first alert applied, arriving with the signal-with-start that opened the incident. */
  private boolean isOpeningAlert(Alert alert, long at) {
    if (openingAlertApplied || input.continued() != null || at != incident.status().openedAtMillis()) {
      return false;
    }
    openingAlertApplied = true;
    return true;
  }

  /**
   * Alertmanager re-sends a firing group every repeat interval, and a burst of duplicates arrives as many signals:
   * an alert already firing on the incident is not news, so it adds nothing to the timeline or the channel.
   */
  private boolean isRepeatOfFiringAlert(Alert alert) {
    return incident.isFiring(alert.alertKey());
  }

  // --- stakeholders --------------------------------------------------------------------------------------------

  private void keepStakeholderCadence() {
    Duration every = incident.severity().stakeholderUpdateEvery();
    if (every == null) {
      incident.stakeholderUpdateDueAt(null);
    } else if (incident.nextStakeholderUpdateDueAtMillis() == null) {
      incident.stakeholderUpdateDueAt(now() + every.toMillis());
    }
  }

  private void postStakeholderUpdate(StakeholderUpdate update, long at) {
    incident.add(new TimelineEntry(at, TimelineEvent.STAKEHOLDER_UPDATE, update.actor(), update.source(), update.text()));
    String text = "*[" + incident.severity() + "] " + incident.title() + "* - update from " + update.actor() + ":\n"
        + update.text();
    toSlack.deliver("post the stakeholder update", () -> chat.postToStakeholders(text));
    Duration every = incident.severity().stakeholderUpdateEvery();
    if (every != null && !incident.isResolved()) {
      incident.stakeholderUpdateDueAt(now() + every.toMillis());
    }
  }

  private void remindCommanderIfUpdateIsDue() {
    Long due = incident.nextStakeholderUpdateDueAtMillis();
    Duration every = incident.severity().stakeholderUpdateEvery();
    if (due == null || every == null || now() < due) {
      return;
    }
    String who = incident.commander() == null ? "<!here>" : incident.commander();
    incident.add(TimelineEntry.byPitcrew(now(), TimelineEvent.STAKEHOLDER_UPDATE_DUE, "Reminded " + who));
    postToChannel(":loudspeaker: " + who + ": a stakeholder update is due (every " + HumanDuration.of(every)
        + " for " + incident.severity() + ").");
    incident.stakeholderUpdateDueAt(now() + every.toMillis());
  }

  // --- resolution ----------------------------------------------------------------------------------------------

  /** Tell PagerDuty, the channel and the database; file the postmortem; archive the channel after a while. */
  private void closeOut() {
    for (String service : incident.pagedServices()) {
      PageUpdate update = new PageUpdate(incident.incidentId(), service);
      toPagerDuty.deliver("resolve " + service, () -> pager.resolve(update));
    }
    String summary = resolution == null ? null : resolution.summary();
    postToChannel(ResolutionSummary.of(incident.status(), summary, incident.timeline()));
    recordIncident();
    PostmortemRequest postmortem = new PostmortemRequest(incident.status(), summary, incident.timeline());
    List<String> followUps = resolution == null ? List.of() : resolution.followUps();
    toJira.deliver("file the postmortem", () -> filePostmortem(postmortem, followUps));

    if (channelRequested) {
      keepApplyingSignalsFor(Duration.ofSeconds(setup.archiveChannelAfterSeconds()));
      toSlack.deliver("archive the channel", () -> {
        if (incident.channel() != null) {
          chat.archiveChannel(incident.channel().id());
          incident.add(TimelineEntry.byPitcrew(now(), TimelineEvent.CHANNEL_ARCHIVED, "Archived #" + incident.channel().name()));
        }
      });
    }
    keepApplyingSignalsUntilDelivered();
  }

  private void filePostmortem(PostmortemRequest request, List<String> followUps) {
    String key = postmortems.filePostmortem(request);
    incident.postmortemFiled(now(), key);
    postToChannel(":memo: Postmortem filed: " + key);
    for (int i = 0; i < followUps.size(); i++) {
      incident.followUpFiled(
          postmortems.fileFollowUp(new FollowUpRequest(incident.incidentId(), key, i + 1, followUps.get(i))));
    }
    recordIncident();
  }

  // --- plumbing ------------------------------------------------------------------------------------------------

  private void openChannel() {
    channelRequested = true;
    String name = IncidentIds.channelNameFor(incident.incidentId(), incident.title(), incident.openedAtMillis());
    toSlack.deliver("open the incident channel", () -> {
      IncidentChannel channel = chat.createChannel(name);
      incident.channelOpened(now(), channel);
      // The channel's name goes on record at once: Slack commands typed in it find their incident by it.
      recordIncident();
      chat.inviteResponders(channel.id(), incident.responderGroups());
      cardTs = chat.postCard(channel.id(), incident.card(input.details(), input.openedBy()));
    });
  }

  /**
   * Brings the channel's card up to date, queued behind the channel's creation and the card's posting. The card
   * is rendered when the update runs, so one queued update covers every change made while it waited: a burst of
   * signals costs one chat.update, not one each, which keeps the channel within Slack's rate limit.
   */
  private void updateCard() {
    if (!channelRequested || cardUpdateQueued) {
      return;
    }
    cardUpdateQueued = true;
    toSlack.deliver("update the incident card", () -> {
      cardUpdateQueued = false;
      if (incident.channel() != null && cardTs != null) {
        chat.updateCard(incident.channel().id(), cardTs, incident.card(input.details(), input.openedBy()));
      }
    });
  }

  /** Queued behind the channel's creation, so a message is posted once the channel exists, or skipped without one. */
  private void postToChannel(String text) {
    toSlack.deliver("post to the channel", () -> {
      if (incident.channel() != null) {
        chat.post(incident.channel().id(), text);
      }
    });
  }

  private void recordIncident() {
    String source = input.source();
    toDatabase.deliver("record the incident", () -> records.record(incident.status(), source));
  }

  private void waitForSignalOrDeadline() {
    Long wakeAt = earliest(incident.nextEscalationAtMillis(), incident.nextStakeholderUpdateDueAtMillis());
    if (wakeAt == null) {
      Workflow.await(() -> !inbox.isEmpty() || readyToContinueAsNew());
    } else if (wakeAt > now()) {
      Workflow.await(Duration.ofMillis(wakeAt - now()), () -> !inbox.isEmpty() || readyToContinueAsNew());
    }
  }

  private void keepApplyingSignalsFor(Duration period) {
    long until = now() + period.toMillis();
    while (now() < until) {
      Workflow.await(Duration.ofMillis(until - now()), () -> !inbox.isEmpty());
      applyReceivedSignals();
    }
  }

  private void keepApplyingSignalsUntilDelivered() {
    while (!allDelivered()) {
      Workflow.await(() -> !inbox.isEmpty() || allDelivered());
      applyReceivedSignals();
    }
  }

  private void continueAsNewIfHistoryIsLong() {
    if (readyToContinueAsNew()) {
      Workflow.continueAsNew(input.continuedFrom(incident.checkpoint(tracker.checkpoint(), setup, cardTs)));
    }
  }

  /** Only between signals and with nothing in flight, so the next run starts with the whole story. */
  private boolean readyToContinueAsNew() {
    WorkflowInfo info = Workflow.getInfo();
    boolean historyIsLong =
        info.isContinueAsNewSuggested() || info.getHistoryLength() >= setup.continueAsNewAfterEvents();
    return historyIsLong && inbox.isEmpty() && allDelivered();
  }

  private boolean allDelivered() {
    return toPagerDuty.idle() && toSlack.idle() && toDatabase.idle() && toJira.idle();
  }

  private void gaveUp(String system, String what, ActivityFailure failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    incident.add(TimelineEntry.byPitcrew(now(), TimelineEvent.INTEGRATION_FAILED,
        system + " gave up on '" + what + "': " + cause.getMessage()));
  }

  private void enterPhase(String newPhase) {
    if (tracker == null || newPhase.equals(phase)) {
      return;
    }
    phase = newPhase;
    RunTracker tracking = tracker;
    toDatabase.deliver("record phase " + newPhase, () -> tracking.enter(newPhase));
  }

  private RunLabels labels() {
    return new RunLabels(incident.service(), null, incident.severity().name());
  }

  private static String mentions(List<String> userGroups) {
    return String.join(" ", userGroups.stream().map(group -> "<!subteam^" + group + ">").toList());
  }

  private static Long earliest(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.min(a, b);
  }

  private static long now() {
    return Workflow.currentTimeMillis();
  }

  private static String outcome(IncidentStatus status) {
    return "[" + status.severity() + "] resolved by " + status.resolvedBy() + " after "
        + HumanDuration.of(status.mttrMillis())
        + (status.mttaMillis() == null ? "" : " (acknowledged after " + HumanDuration.of(status.mttaMillis()) + ")");
  }

  private static ActivityOptions options(Duration attempt, Duration total, Duration maxBackoff) {
    ActivityOptions.Builder options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(attempt)
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(maxBackoff)
            .build());
    return total == null ? options.build() : options.setScheduleToCloseTimeout(total).build();
  }

  // --- signal handlers and queries: signals only queue, so they are applied in order by the runbook ---------

  private void receive(IncidentSignal signal) {
    inbox.add(new Received(now(), signal));
  }

  @Override
  public void alert(Alert alert) {
    receive(alert);
  }

  @Override
  public void acknowledge(Acknowledge acknowledge) {
    receive(acknowledge);
  }

  @Override
  public void escalate(Escalate escalate) {
    receive(escalate);
  }

  @Override
  public void resolve(Resolve resolve) {
    receive(resolve);
  }

  @Override
  public void changeSeverity(ChangeSeverity change) {
    receive(change);
  }

  @Override
  public void note(Note note) {
    receive(note);
  }

  @Override
  public void stakeholderUpdate(StakeholderUpdate update) {
    receive(update);
  }

  @Override
  public List<TimelineEntry> timeline() {
    return incident == null ? List.of() : incident.timeline();
  }

  @Override
  public IncidentStatus status() {
    return incident == null ? null : incident.status();
  }

  @Override
  public String phase() {
    return phase;
  }
}
