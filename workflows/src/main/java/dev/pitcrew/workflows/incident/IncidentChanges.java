package dev.pitcrew.workflows.incident;

import io.temporal.workflow.Workflow;

/**
 * The incident workflow's changes since 0.2.0, each decided once, first thing in a run (see docs/development.md,
 * "Determinism and replay"): a run that began under older code replays its old branch.
 *
 * @param recordsEachEscalation the incident's row is written again whenever a level is paged or the ladder runs
 *     out, so the {@code incidents} table always holds the current level and next escalation time: the console's
 *     boards read them there instead of asking every open incident's workflow
 * @param pagesOnOwnQueue PagerDuty calls go to {@link dev.pitcrew.workflows.TaskQueues#PAGING}, whose worker slots
 *     serve nothing else, so a page is never queued behind other incidents' (or families') activities
 * @param firstPageAlone the first workflow task ends with the first page scheduled and nothing else held: Pitcrew's
 *     own records (local activities, which keep the task open until PostgreSQL answers) start in the next one
 * @param firstPageAtDoor the first level's PagerDuty services the intake already paged ({@link
 *     IncidentInput#pagedAtDoor()}) are recorded as paged and not triggered again; the rest of the level is
 * @param recordsStakeholderCadence the row is written again whenever the next stakeholder update falls due at a new
 *     time (an update posted, a reminder sent), and the first record already holds the first due time, so the
 *     {@code incidents} table holds everything the incident's detail shows: {@code GET /api/v1/incidents/{id}}
 *     reads it there instead of asking the workflow
 */
record IncidentChanges(
    boolean recordsEachEscalation, boolean pagesOnOwnQueue, boolean firstPageAlone, boolean firstPageAtDoor,
    boolean recordsStakeholderCadence) {
  static final String RECORD_EACH_ESCALATION = "incident-records-each-escalation";
  static final String PAGES_ON_OWN_QUEUE = "incident-pages-on-own-queue";
  static final String FIRST_PAGE_ALONE = "incident-first-page-alone";
  static final String FIRST_PAGE_AT_DOOR = "incident-first-page-at-door";
  static final String RECORDS_STAKEHOLDER_CADENCE = "incident-records-stakeholder-cadence";

  static IncidentChanges decide() {
    return new IncidentChanges(
        Workflow.getVersion(RECORD_EACH_ESCALATION, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(PAGES_ON_OWN_QUEUE, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(FIRST_PAGE_ALONE, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(FIRST_PAGE_AT_DOOR, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(RECORDS_STAKEHOLDER_CADENCE, Workflow.DEFAULT_VERSION, 1) >= 1);
  }
}
