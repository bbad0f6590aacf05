package dev.pitcrew.workflows.incident;

import static dev.pitcrew.workflows.incident.TimelineEntry.PITCREW;
import static dev.pitcrew.workflows.incident.TimelineEntry.WORKFLOW;

import dev.pitcrew.workflows.TaskQueues;
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

  /** PagerDuty's options for this run: on the paging queue unless the run began before it existed. */
  private ActivityOptions paging;
  private PagingActivities pager;
  private final ChatActivities chat = Workflow.newActivityStub(ChatActivities.class, CHAT);
  private final IncidentRecordActivities records = Workflow.newActivityStub(IncidentRecordActivities.class, RECORDS);
  private final IncidentRecordActivities settings = Workflow.newActivityStub(IncidentRecordActivities.class, SETUP);
  private final PostmortemActivities postmortems = Workflow.newActivityStub(PostmortemActivities.class, POSTMORTEM);
  // With side effects in the background: Pitcrew's own reads and records are one short local attempt first.
  // Records then retry durably for up to a day; the setup falls back to the severity's defaults at once, so a
  // PostgreSQL outage never holds the first page up.
  private static final LocalActivityOptions LOCALLY = SideEffects.FIRST_ATTEMPT_LOCALLY;
  private static final ActivityOptions RECORDS_IN_BACKGROUND =
      options(Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofMinutes(1));
  private final IncidentRecordActivities recordsLocally =
      Workflow.newLocalActivityStub(IncidentRecordActivities.class, LOCALLY);
  private final IncidentRecordActivities recordsInBackground =
      Workflow.newActivityStub(IncidentRecordActivities.class, RECORDS_IN_BACKGROUND);

  private SideEffects effects;
  private IncidentChanges changes;
  private OrderedDeliveries toPagerDuty;
  private OrderedDeliveries toSlack;
  private OrderedDeliveries toDatabase;
  private OrderedDeliveries toJira;

  /** A signal or decision waiting for the runbook, and, once applied, the refusal it met (null: it counted). */
  private static final class Received {
    private final long atMillis;
    private final IncidentSignal signal;
    private boolean applied;
    private ApplicationFailure refusal;

    Received(long atMillis, IncidentSignal signal) {
      this.atMillis = atMillis;
      this.signal = signal;
    }

    long atMillis() {
      return atMillis;
    }

    IncidentSignal signal() {
      return signal;
    }
  }

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
  /** The first page's workflow task is complete (its activity is on the paging queue): records may go. */
  private boolean firstPageOut;
  private static final Duration FIRST_PAGE_OUT = Duration.ofMillis(1);

  @Override
  public IncidentStatus respond(IncidentInput input) {
    // Decided before anything else: every system's deliveries on the policy's lanes, records local-first.
    effects = SideEffects.decide().onGiveUp(this::gaveUp);
    changes = IncidentChanges.decide();
    paging = changes.pagesOnOwnQueue()
        ? ActivityOptions.newBuilder(PAGING).setTaskQueue(TaskQueues.PAGING).build()
        : PAGING;
    pager = Workflow.newActivityStub(PagingActivities.class, paging);
    toPagerDuty = new OrderedDeliveries("PagerDuty", this::gaveUp, effects);
    toSlack = new OrderedDeliveries(SideEffects.SLACK, this::gaveUp, effects);
    toDatabase = new OrderedDeliveries("PostgreSQL", this::gaveUp, effects);
    toJira = new OrderedDeliveries("JIRA", this::gaveUp, effects);
    this.input = input;
    IncidentCheckpoint continued = input.continued();
    if (continued == null) {
      incident = IncidentLedger.open(Workflow.getInfo().getWorkflowId(), input, now());
      loadSetup();
      mobilise();
      // Tracking starts only now, and its index write is queued: a PostgreSQL outage must never hold up paging.
      tracker = RunTracker.startUnrecorded(RUN_TYPE, labels(), OPEN, effects);
      RunTracker started = tracker;
      if (effects.inBackground()) {
        started.recordRunning();
      } else {
        toDatabase.deliver("record the run", started::recordRunning);
      }
    } else {
      incident = IncidentLedger.restore(continued);
      setup = continued.setup();
      channelRequested = incident.channel() != null;
      cardTs = continued.cardTs();
      tracker = RunTracker.resume(continued.tracker(), effects);
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
    if (effects.inBackground()) {
      try {
        setup = recordsLocally.loadSetup(incident.service());
      } catch (ActivityFailure failure) {
        setup = IncidentSetup.defaults();
        gaveUp("PostgreSQL", "load the escalation policy; using the " + incident.severity() + " default", failure);
      }
      return;
    }
    try {
      setup = settings.loadSetup(incident.service());
    } catch (ActivityFailure failure) {
      setup = IncidentSetup.defaults();
      gaveUp("PostgreSQL", "load the escalation policy; using the " + incident.severity() + " default", failure);
    }
  }

  /** Page first, then open the channel and record the incident; each system at its own pace. */
  private void mobilise() {
    List<String> pagedAtDoor = pagedAtDoor();
    boolean pageAlone = changes.firstPageAlone() && effects.inBackground() && incident.severity().pagesOnCall()
        // With every service of the level paged at the door there is no page to hold the records for.
        && (!changes.firstPageAtDoor() || leftToTrigger(EscalationStep.FIRST, pagedAtDoor));
    if (pageAlone) {
      // Pitcrew's own writes wait on their lane until the page is out: as local activities they would hold this
      // workflow task open, and the page's scheduling with it, until PostgreSQL answered (seconds in a storm).
      effects.deliver("PostgreSQL", "wait for the first page to go out", () -> Workflow.await(() -> firstPageOut));
    }
    if (incident.severity().pagesOnCall()) {
      page(EscalationStep.FIRST, PITCREW, WORKFLOW, null, pagedAtDoor);
    }
    if (pageAlone) {
      // A timer ends this workflow task with the page scheduled on its queue; the records go in the next one.
      // Detached: a cancel arriving within this millisecond must meet the runbook (tracked, recorded as cancelled),
      // as it did before this timer existed, not end the run before its tracking exists.
      Workflow.newDetachedCancellationScope(() -> Workflow.sleep(FIRST_PAGE_OUT)).run();
      firstPageOut = true;
    }
    if (incident.severity().opensChannel()) {
      openChannel();
    }
    if (changes.recordsStakeholderCadence()) {
      keepStakeholderCadence(); // before the first record, which then holds the first due time
    }
    recordIncident();
    keepStakeholderCadence();
  }

  /**
   * The PagerDuty services the intake paged before it started this run (none for runs that began before it did):
   * they are on PagerDuty under this incident's dedup key already, and the workflow triggers only the others.
   */
  private List<String> pagedAtDoor() {
    PagedAtDoor paged = input.pagedAtDoor();
    return changes.firstPageAtDoor() && paged != null ? paged.pagerDutyServices() : List.of();
  }

  /** Whether a PagerDuty service of the step's targets is not among {@code alreadyPaged}. */
  private boolean leftToTrigger(EscalationStep step, List<String> alreadyPaged) {
    return policy().targetsAt(step, now()).stream()
        .anyMatch(target -> target.pagerDutyService() != null && !alreadyPaged.contains(target.pagerDutyService()));
  }

  // --- escalation ----------------------------------------------------------------------------------------------

  private void page(EscalationStep step, String actor, String source, String reason) {
    page(step, actor, source, reason, List.of());
  }

  /** @param pagedAtDoor services already triggered for this step by the intake: recorded as paged, not sent again */
  private void page(EscalationStep step, String actor, String source, String reason, List<String> pagedAtDoor) {
    long now = now();
    EscalationPolicy policy = policy();
    List<EscalationTarget> targets = policy.targetsAt(step, now);
    long ackDeadline = now + policy.level(step).ackTimeout().toMillis();
    incident.paged(now, step, targets, pagedAtDoor, ackDeadline, actor, source, reason);

    String summary = Page.summaryOf(incident.severity(), incident.title());
    Severity severity = incident.severity();
    for (EscalationTarget target : targets) {
      if (target.pagerDutyService() != null && !pagedAtDoor.contains(target.pagerDutyService())) {
        Page page = new Page(incident.incidentId(), target.pagerDutyService(), summary, severity, incident.service(), step);
        PagingActivities trigger = Workflow.newActivityStub(PagingActivities.class, ActivityOptions.newBuilder(paging)
            .setSummary("page " + target.pagerDutyService() + " (level " + step.level() + ")").build());
        toPagerDuty.deliver("page " + target.pagerDutyService(), () -> trigger.trigger(page));
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
    if (effects.inBackground()) {
      effects.write("PostgreSQL", "record escalation", () -> recordsLocally.recordEscalation(escalation),
          () -> recordsInBackground.recordEscalation(escalation));
    } else {
      toDatabase.deliver("record escalation", () -> records.recordEscalation(escalation));
    }
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
      recordEscalationOnTheRow();
      return;
    }
    String waited = HumanDuration.of(policy().level(incident.escalation()).ackTimeout());
    page(next, PITCREW, WORKFLOW, "no acknowledgement within " + waited);
    recordEscalationOnTheRow();
  }

  /** The row's level and next escalation time follow the ladder (runs started before this keep the first ones). */
  private void recordEscalationOnTheRow() {
    if (changes.recordsEachEscalation()) {
      recordIncident();
    }
  }

  private EscalationPolicy policy() {
    return EscalationPolicy.forIncident(setup.policy(), incident.severity(), incident.service());
  }

  // --- signals, applied one at a time in arrival order ---------------------------------------------------------

  private void applyReceivedSignals() {
    while (!inbox.isEmpty()) {
      Received received = inbox.poll();
      // Asked again now: signals queued ahead of it (an alert that auto-resolved) may have changed the answer
      // the validator gave. A decision refused here is on the timeline as IGNORED, and its caller hears why.
      ApplicationFailure refusal = refusalOf(received.signal());
      if (refusal != null) {
        incident.ignored(received.atMillis(), received.signal(), refusal.getOriginalMessage());
      } else if (incident.isResolved()) {
        applyAfterResolution(received.signal(), received.atMillis());
      } else {
        apply(received.signal(), received.atMillis());
      }
      received.refusal = refusal;
      received.applied = true;
    }
  }

  /**
   * Why a person's decision cannot count now, or null when it can: the one statement of the rule, asked by the
   * update validators and again when the runbook applies the decision. Alerts, notes and stakeholder updates are
   * never refused.
   */
  private ApplicationFailure refusalOf(IncidentSignal signal) {
    if (!(signal instanceof Acknowledge || signal instanceof Escalate || signal instanceof Resolve
        || signal instanceof ChangeSeverity)) {
      return null;
    }
    if (signal.actor() == null || signal.actor().isBlank()) {
      return Refusal.INVALID.because("a decision must say who made it");
    }
    if (incident == null) {
      return null; // Not opened yet: the decision waits in the inbox like any signal until the incident exists.
    }
    if (incident.isResolved()) {
      return (signal instanceof Resolve ? Refusal.ALREADY_DECIDED : Refusal.WRONG_PHASE)
          .because("the incident was already resolved by " + incident.status().resolvedBy());
    }
    if (signal instanceof Acknowledge && incident.state() == IncidentState.ACKNOWLEDGED) {
      return Refusal.ALREADY_DECIDED.because("already acknowledged by " + incident.acknowledgedBy());
    }
    if (signal instanceof ChangeSeverity change && (change.severity() == null || change.severity() == incident.severity())) {
      return Refusal.ALREADY_DECIDED.because("severity is already " + incident.severity());
    }
    return null;
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
      default -> {
        // Decisions after resolution were refused before they got here (refusalOf).
      }
    }
  }

  private void markAcknowledged(Acknowledge ack, long at) {
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
    recordEscalationOnTheRow();
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
      recordStakeholderCadence();
    }
  }

  /** The detail (read from the row) shows when the next stakeholder update is due. */
  private void recordStakeholderCadence() {
    if (changes.recordsStakeholderCadence()) {
      recordIncident();
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
    recordStakeholderCadence();
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
    if (effects.inBackground()) {
      // The record is taken when the write runs, so one queued behind an outage writes the newest state.
      effects.write("PostgreSQL", "record the incident", () -> recordsLocally.record(incident.status(), source),
          () -> recordsInBackground.record(incident.status(), source));
      return;
    }
    toDatabase.deliver("record the incident", () -> records.record(incident.status(), source));
  }

  private void waitForSignalOrDeadline() {
    Long escalateAt = incident.nextEscalationAtMillis();
    Long updateDueAt = incident.nextStakeholderUpdateDueAtMillis();
    Long wakeAt = earliest(escalateAt, updateDueAt);
    String next = wakeAt == null ? null : wakeAt.equals(escalateAt) ? nextPageSummary(escalateAt)
        : "stakeholder update due " + Waits.at(updateDueAt);
    CurrentDetails.show(phase, waitingFor(next));
    if (wakeAt == null) {
      Workflow.await(() -> !inbox.isEmpty() || readyToContinueAsNew());
    } else if (wakeAt > now()) {
      Waits.await(Duration.ofMillis(wakeAt - now()), next, () -> !inbox.isEmpty() || readyToContinueAsNew());
    }
  }

  /** "page level 2 at 14:35 UTC", or that the ladder starts over. */
  private String nextPageSummary(long at) {
    EscalationStep next = incident.escalation() == null ? null : policy().after(incident.escalation());
    return next == null ? "escalation ladder exhausted at " + Waits.at(at) : "page level " + next.level() + " at "
        + Waits.at(at) + " unless acknowledged";
  }

  private String waitingFor(String next) {
    String who = switch (incident.state()) {
      case OPEN -> incident.escalation() == null ? "a responder" : "an acknowledgement from level "
          + incident.escalation().level();
      case ACKNOWLEDGED -> "resolution (commander " + incident.commander() + ")";
      default -> "the close-out (postmortem, channel archive)";
    };
    return "[" + incident.severity() + "] " + who + (next == null ? "" : "; next: " + next);
  }

  private void keepApplyingSignalsFor(Duration period) {
    long until = now() + period.toMillis();
    while (now() < until) {
      Workflow.await(Duration.ofMillis(until - now()), () -> !inbox.isEmpty());
      applyReceivedSignals();
    }
  }

  /** Until every delivery is done and every decision still waiting for an answer has had it. */
  private void keepApplyingSignalsUntilDelivered() {
    while (!allDelivered() || !inbox.isEmpty() || !Workflow.isEveryHandlerFinished()) {
      Workflow.await(() -> !inbox.isEmpty() || allDelivered() && Workflow.isEveryHandlerFinished());
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
    return historyIsLong && inbox.isEmpty() && allDelivered() && Workflow.isEveryHandlerFinished();
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
    CurrentDetails.show(newPhase, waitingFor(null));
    RunTracker tracking = tracker;
    if (effects.inBackground()) {
      tracking.enter(newPhase);
      return;
    }
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

  // --- handlers and queries: signals and decisions only queue, so the runbook applies them in order ----------

  private Received receive(IncidentSignal signal) {
    Received received = new Received(now(), signal);
    inbox.add(received);
    return received;
  }

  /** Queues a decision, waits until the runbook applied it, and answers the incident as it then stands. */
  private IncidentStatus decide(IncidentSignal decision) {
    Received received = receive(decision);
    Workflow.await(() -> received.applied);
    if (received.refusal != null) {
      throw received.refusal;
    }
    return incident.status();
  }

  private void validate(IncidentSignal decision) {
    ApplicationFailure refusal = refusalOf(decision);
    if (refusal != null) {
      throw refusal;
    }
  }

  @Override
  public void alert(Alert alert) {
    receive(alert);
  }

  @Override
  public IncidentStatus acknowledge(Acknowledge acknowledge) {
    return decide(acknowledge);
  }

  @Override
  public void validateAcknowledge(Acknowledge acknowledge) {
    validate(acknowledge);
  }

  @Override
  public IncidentStatus escalate(Escalate escalate) {
    return decide(escalate);
  }

  @Override
  public void validateEscalate(Escalate escalate) {
    validate(escalate);
  }

  @Override
  public IncidentStatus resolve(Resolve resolve) {
    return decide(resolve);
  }

  @Override
  public void validateResolve(Resolve resolve) {
    validate(resolve);
  }

  @Override
  public IncidentStatus changeSeverity(ChangeSeverity change) {
    return decide(change);
  }

  @Override
  public void validateChangeSeverity(ChangeSeverity change) {
    validate(change);
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
