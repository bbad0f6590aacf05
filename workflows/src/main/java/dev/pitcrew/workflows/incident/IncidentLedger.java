package dev.pitcrew.workflows.incident;

import static dev.pitcrew.workflows.incident.TimelineEvent.*;

import dev.pitcrew.workflows.run.RunTrackerCheckpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What is true about one incident, and its timeline. Every change of state goes through a method here that also
 * writes the timeline entry, so the two cannot drift apart. Holds no side effects: the workflow decides what to
 * tell the outside world.
 */
final class IncidentLedger {
  private final String incidentId;
  private final String dedupKey;
  private final String service;
  private final String title;
  private final long openedAtMillis;
  private final Set<String> pagedServices;
  private final Set<String> responderGroups;
  private final Set<String> firingAlerts;
  private final List<TimelineEntry> timeline;
  private Severity severity;
  private IncidentState state;
  private String commander;
  private Long acknowledgedAtMillis;
  private String acknowledgedBy;
  private Long resolvedAtMillis;
  private String resolvedBy;
  private EscalationStep escalation;
  private Long nextEscalationAtMillis;
  private Long nextStakeholderUpdateDueAtMillis;
  private IncidentChannel channel;
  private String postmortemKey;
  private final List<String> followUpKeys;
  private Long alertsClearedAtMillis;
  private Long escalationHeldMillis;

  private IncidentLedger(IncidentStatus status, List<String> pagedServices, List<String> responderGroups,
      List<String> firingAlerts, List<TimelineEntry> timeline, Long escalationHeldMillis) {
    this.incidentId = status.incidentId();
    this.dedupKey = status.dedupKey();
    this.service = status.service();
    this.title = status.title();
    this.openedAtMillis = status.openedAtMillis();
    this.severity = status.severity();
    this.state = status.state();
    this.commander = status.commander();
    this.acknowledgedAtMillis = status.acknowledgedAtMillis();
    this.acknowledgedBy = status.acknowledgedBy();
    this.resolvedAtMillis = status.resolvedAtMillis();
    this.resolvedBy = status.resolvedBy();
    this.escalation = status.escalation();
    this.nextEscalationAtMillis = status.nextEscalationAtMillis();
    this.nextStakeholderUpdateDueAtMillis = status.nextStakeholderUpdateDueAtMillis();
    this.channel = status.channel();
    this.postmortemKey = status.postmortemKey();
    this.followUpKeys = new ArrayList<>(status.followUpKeys() == null ? List.of() : status.followUpKeys());
    this.pagedServices = new LinkedHashSet<>(pagedServices);
    this.responderGroups = new LinkedHashSet<>(responderGroups);
    this.firingAlerts = new LinkedHashSet<>(firingAlerts);
    this.timeline = new ArrayList<>(timeline);
    this.alertsClearedAtMillis = status.alertsClearedAtMillis();
    this.escalationHeldMillis = escalationHeldMillis;
  }

  static IncidentLedger open(String incidentId, IncidentInput input, long atMillis) {
    IncidentStatus opened = new IncidentStatus(incidentId, input.dedupKey(), input.service(), input.title(),
        input.severity(), IncidentState.OPEN, input.commander(), atMillis, null, null, null, null, null, null, null,
        null, null, List.of(), null);
    IncidentLedger ledger =
        new IncidentLedger(opened, List.of(), List.of(), List.of(input.dedupKey()), List.of(), null);
    ledger.add(new TimelineEntry(atMillis, OPENED, input.openedBy(), input.source(),
        "[" + input.severity() + "] " + input.title() + " on " + input.service()));
    return ledger;
  }

  static IncidentLedger restore(IncidentCheckpoint checkpoint) {
    return new IncidentLedger(checkpoint.status(), checkpoint.pagedServices(), checkpoint.responderGroups(),
        checkpoint.firingAlerts(), checkpoint.timeline(), checkpoint.escalationHeldMillis());
  }

  IncidentCheckpoint checkpoint(RunTrackerCheckpoint tracker, IncidentSetup setup, String cardTs) {
    return new IncidentCheckpoint(tracker, setup, status(), List.copyOf(pagedServices), List.copyOf(responderGroups),
        List.copyOf(firingAlerts), List.copyOf(timeline), cardTs, escalationHeldMillis);
  }

  /** The channel card's view; details and opener come from the input, which the ledger does not keep. */
  IncidentCard card(String details, String openedBy) {
    IncidentStatus status = status();
    return new IncidentCard(incidentId, title, details, service, severity, state, openedBy, commander,
        lastAcknowledgedBy(), resolvedBy, escalation, List.copyOf(responderGroups), status.mttaMillis(),
        status.mttrMillis());
  }

  /** Who acknowledged most recently: after an escalation someone else may have acknowledged the new page. */
  private String lastAcknowledgedBy() {
    for (int i = timeline.size() - 1; i >= 0; i--) {
      if (timeline.get(i).event() == ACKNOWLEDGED) {
        return timeline.get(i).actor();
      }
    }
    return acknowledgedBy;
  }

  IncidentStatus status() {
    return new IncidentStatus(incidentId, dedupKey, service, title, severity, state, commander, openedAtMillis,
        acknowledgedAtMillis, acknowledgedBy, resolvedAtMillis, resolvedBy, escalation, nextEscalationAtMillis,
        nextStakeholderUpdateDueAtMillis, channel, postmortemKey, List.copyOf(followUpKeys), alertsClearedAtMillis);
  }

  // --- what happened -------------------------------------------------------------------------------------------

  /**
   * @param pagedAtDoor PagerDuty services the intake triggered before the run started: paged like the targets (also
   *     one the policy no longer names, so acknowledging and resolving reach it), and marked on the timeline
   */
  void paged(long atMillis, EscalationStep step, List<EscalationTarget> targets, List<String> pagedAtDoor,
      long ackDeadlineMillis, String actor, String source, String reason) {
    boolean firstPage = escalation == null;
    escalation = step;
    nextEscalationAtMillis = ackDeadlineMillis;
    escalationHeldMillis = null;
    state = IncidentState.OPEN;
    List<String> who = new ArrayList<>();
    for (EscalationTarget target : targets) {
      if (target.pagerDutyService() != null) {
        pagedServices.add(target.pagerDutyService());
        who.add("PagerDuty " + target.pagerDutyService() + atTheDoor(target.pagerDutyService(), pagedAtDoor));
      }
      if (target.slackUserGroup() != null) {
        responderGroups.add(target.slackUserGroup());
        who.add("Slack group " + target.slackUserGroup());
      }
    }
    for (String service : pagedAtDoor) {
      if (targets.stream().noneMatch(target -> service.equals(target.pagerDutyService()))) {
        pagedServices.add(service);
        who.add("PagerDuty " + service + atTheDoor(service, pagedAtDoor));
      }
    }
    String where = "level " + step.level() + (step.loop() > 0 ? " (repeat " + step.loop() + ")" : "");
    add(new TimelineEntry(atMillis, firstPage ? PAGED : ESCALATED, actor, source,
        "Paged " + where + ": " + String.join(", ", who) + (reason == null ? "" : " - " + reason)));
  }

  private static String atTheDoor(String pagerDutyService, List<String> pagedAtDoor) {
    return pagedAtDoor.contains(pagerDutyService) ? " (paged at the door)" : "";
  }

  void escalationExhausted(long atMillis) {
    nextEscalationAtMillis = null;
    add(TimelineEntry.byPitcrew(atMillis, ESCALATION_EXHAUSTED,
        "Nobody acknowledged on any level; paging stopped. Escalate by hand to start again."));
  }

  void acknowledged(long atMillis, String actor, String source) {
    state = IncidentState.ACKNOWLEDGED;
    nextEscalationAtMillis = null;
    escalationHeldMillis = null;
    if (acknowledgedAtMillis == null) {
      acknowledgedAtMillis = atMillis;
      acknowledgedBy = actor;
    }
    if (commander == null) {
      commander = actor;
    }
    add(new TimelineEntry(atMillis, ACKNOWLEDGED, actor, source, "Acknowledged by " + actor));
  }

  void resolved(long atMillis, String actor, String source, String summary) {
    state = IncidentState.RESOLVED;
    resolvedAtMillis = atMillis;
    resolvedBy = actor;
    nextEscalationAtMillis = null;
    escalationHeldMillis = null;
    nextStakeholderUpdateDueAtMillis = null;
    add(new TimelineEntry(atMillis, RESOLVED, actor, source, summary == null ? "Resolved" : summary));
  }

  void severityChanged(long atMillis, Severity to, String actor, String source, String reason) {
    Severity from = severity;
    severity = to;
    add(new TimelineEntry(atMillis, SEVERITY_CHANGED, actor, source,
        from + " -> " + to + (reason == null ? "" : ": " + reason)));
  }

  /**
   * The alert that opened the incident (delivered with signal-with-start) takes the place of the dedup key among
   * the firing alerts: with one incident per alert group, the group's key is no alert of its own and would never
   * clear.
   */
  void openedBy(Alert alert) {
    firingAlerts.remove(dedupKey);
    firingAlerts.add(alert.alertKey());
  }

  /** Whether this alert has fired on the incident and not cleared since. */
  boolean isFiring(String alertKey) {
    return firingAlerts.contains(alertKey);
  }

  /** @return false when this FIRING alert is the one that opened the incident, arriving with signal-with-start */
  boolean alertFired(long atMillis, Alert alert) {
    if (atMillis == openedAtMillis && firingAlerts.contains(alert.alertKey())) {
      return false;
    }
    firingAlerts.add(alert.alertKey());
    add(new TimelineEntry(atMillis, ALERT, alert.actor(), alert.source(), alertText(alert)));
    return true;
  }

  /** @return whether every alert that joined the incident has now cleared */
  boolean alertCleared(long atMillis, Alert alert) {
    firingAlerts.remove(alert.alertKey());
    add(new TimelineEntry(atMillis, ALERT_RESOLVED, alert.actor(), alert.source(), alertText(alert)));
    return firingAlerts.isEmpty();
  }

  /**
   * Every alert has cleared and the policy does not resolve by itself: the level being paged stops counting down
   * (the time it had left is kept) and no further level is paged until an alert fires again or a human acts.
   */
  void allAlertsCleared(long atMillis) {
    alertsClearedAtMillis = atMillis;
    String held = "";
    if (nextEscalationAtMillis != null) {
      escalationHeldMillis = Math.max(0, nextEscalationAtMillis - atMillis);
      nextEscalationAtMillis = null;
      held = "; escalation stopped at level " + escalation.level();
    }
    add(TimelineEntry.byPitcrew(atMillis, ALERTS_CLEARED,
        "All alerts cleared" + held + ". Waiting for a human to confirm recovery and resolve."));
  }

  /**
   * An alert fired on an incident whose alerts had all cleared: escalation goes on at the level where it held,
   * with the time that level had left (so a flapping alert cannot keep restarting the countdown).
   *
   * @return whether escalation resumed (false when it was not held: acknowledged, exhausted or never paged)
   */
  boolean alertsFiringAgain(long atMillis) {
    if (alertsClearedAtMillis == null) {
      return false;
    }
    alertsClearedAtMillis = null;
    if (escalationHeldMillis == null) {
      return false;
    }
    nextEscalationAtMillis = atMillis + escalationHeldMillis;
    escalationHeldMillis = null;
    add(TimelineEntry.byPitcrew(atMillis, ESCALATION_RESUMED,
        "An alert fired again; escalation resumes at level " + escalation.level()));
    return true;
  }

  boolean allAlertsHaveCleared() {
    return alertsClearedAtMillis != null;
  }

  void channelOpened(long atMillis, IncidentChannel openedChannel) {
    channel = openedChannel;
    add(TimelineEntry.byPitcrew(atMillis, CHANNEL_OPENED, "Opened #" + openedChannel.name()));
  }

  void postmortemFiled(long atMillis, String issueKey) {
    postmortemKey = issueKey;
    add(TimelineEntry.byPitcrew(atMillis, POSTMORTEM_FILED, "Postmortem " + issueKey));
  }

  void followUpFiled(String issueKey) {
    followUpKeys.add(issueKey);
  }

  void stakeholderUpdateDueAt(Long atMillis) {
    nextStakeholderUpdateDueAtMillis = atMillis;
  }

  void ignored(long atMillis, IncidentSignal signal, String why) {
    add(new TimelineEntry(atMillis, IGNORED, signal.actor(), signal.source(),
        signal.getClass().getSimpleName() + " ignored: " + why));
  }

  void add(TimelineEntry entry) {
    timeline.add(entry);
  }

  private static String alertText(Alert alert) {
    return alert.alertKey() + (alert.summary() == null ? "" : ": " + alert.summary());
  }

  // --- what is true --------------------------------------------------------------------------------------------

  String incidentId() {
    return incidentId;
  }

  String service() {
    return service;
  }

  String title() {
    return title;
  }

  Severity severity() {
    return severity;
  }

  IncidentState state() {
    return state;
  }

  boolean isResolved() {
    return state == IncidentState.RESOLVED;
  }

  String commander() {
    return commander;
  }

  String acknowledgedBy() {
    return acknowledgedBy;
  }

  long openedAtMillis() {
    return openedAtMillis;
  }

  EscalationStep escalation() {
    return escalation;
  }

  Long nextEscalationAtMillis() {
    return nextEscalationAtMillis;
  }

  Long nextStakeholderUpdateDueAtMillis() {
    return nextStakeholderUpdateDueAtMillis;
  }

  IncidentChannel channel() {
    return channel;
  }

  List<String> pagedServices() {
    return List.copyOf(pagedServices);
  }

  List<String> responderGroups() {
    return List.copyOf(responderGroups);
  }

  List<TimelineEntry> timeline() {
    return List.copyOf(timeline);
  }
}
