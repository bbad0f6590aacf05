package dev.pitcrew.workflows.incident;

import io.temporal.workflow.Workflow;

/**
 * Which changes to the incident runbook a run follows, decided once, first thing in the run.
 *
 * <p>Why first: when Temporal replays a history made before a change, {@code Workflow.getVersion} lets the other
 * workflow threads run before it returns. Called in the middle of a run, with Slack or PagerDuty deliveries ready to
 * go, that reorders their commands and the old history no longer replays. At the start of a run there is no other
 * thread, so the order of everything after it is the same as before the change.
 *
 * @param skipRepeatedFiring a notification of an alert already firing adds nothing
 * @param openingAlertKey the opening alert, not the dedup key, is what must clear before auto-resolve
 * @param skipRepeatedClearing an alert that is not firing cannot clear again
 * @param recordChannelWhenOpened the channel's name goes on record as soon as the channel exists
 * @param liveCard the channel's card is posted with its ts and updated as the incident progresses
 * @param queuedRunRecords the runs index is written from the database delivery queue, so a PostgreSQL outage never
 *     holds up escalation
 * @param clearedStopsEscalation once every alert has cleared, escalation holds (no next level is paged) and the
 *     incident waits for a human; an alert firing again resumes it where it stopped
 */
record IncidentChanges(
    boolean skipRepeatedFiring,
    boolean openingAlertKey,
    boolean skipRepeatedClearing,
    boolean recordChannelWhenOpened,
    boolean liveCard,
    boolean queuedRunRecords,
    boolean clearedStopsEscalation) {

  static final String SKIP_REPEATED_FIRING = "skip-repeated-firing";
  static final String OPENING_ALERT_KEY = "opening-alert-key";
  static final String SKIP_REPEATED_CLEARING = "skip-repeated-clearing";
  static final String RECORD_CHANNEL_WHEN_OPENED = "record-channel-when-opened";
  static final String LIVE_INCIDENT_CARD = "live-incident-card";
  static final String QUEUED_RUN_RECORDS = "queued-run-records";
  static final String CLEARED_STOPS_ESCALATION = "cleared-stops-escalation";

  /** Call only as the first thing a run does. */
  static IncidentChanges decide() {
    return new IncidentChanges(
        adopted(SKIP_REPEATED_FIRING),
        adopted(OPENING_ALERT_KEY),
        adopted(SKIP_REPEATED_CLEARING),
        adopted(RECORD_CHANNEL_WHEN_OPENED),
        adopted(LIVE_INCIDENT_CARD),
        adopted(QUEUED_RUN_RECORDS),
        adopted(CLEARED_STOPS_ESCALATION));
  }

  private static boolean adopted(String changeId) {
    return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) >= 1;
  }
}
