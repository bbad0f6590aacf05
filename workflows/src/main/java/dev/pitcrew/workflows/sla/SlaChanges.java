package dev.pitcrew.workflows.sla;

import io.temporal.workflow.Workflow;

/**
 * The SLA workflow's changes since 0.2.0, each decided once, first thing in a run (see docs/development.md,
 * "Determinism and replay"): a run that began under older code replays its old branch.
 *
 * @param lookupsLocal routing and the SLA terms are read by local activities inside the workflow task, with
 *     bounded retries ({@link SlaLookups}): a new ticket's clocks run after one workflow task instead of three, and
 *     a lookup that cannot succeed fails the run (or keeps the terms it has) saying why instead of retrying forever
 * @param metGoalsKeepTheirTarget a priority change retargets only the goals still being measured: a goal already
 *     met or missed keeps the target it was judged against, as its recorded outcome says
 * @param noIdleSteps no step that does nothing: the ticket's record is not written again when nothing in it changed
 *     (a new ticket's own "Open" status, delivered with its start, wrote a second record in its first workflow
 *     task), and a ticket that does not live in JIRA gets no JIRA assignment (an activity that did nothing but cost
 *     a workflow task)
 * @param recordsTerms the ticket's record carries the terms its cycle runs on ({@link TicketSnapshot#terms()}), so
 *     the API computes the live clocks from the record ({@link RecordedSla}) instead of querying the workflow
 * @param acknowledgesLocally the requester's acknowledgement is tried first as a local activity inside the first
 *     workflow task ({@link SlaAcknowledgementActivities}): with no mail server to reach it is
 *     only a notification-log row, and a new ticket then costs no activity and no second workflow task before it
 *     waits on its clocks; an email to send (or a failed local attempt) is still the {@code AcknowledgeRequester}
 *     activity, retried as before
 * @param rewritesAfterGiveUp a ticket record whose write was given up (PostgreSQL unreachable past a day of retries)
 *     is not taken for the row's state: the next step writes the ticket again even when nothing in it changed
 *     since, instead of leaving the row stale until the ticket next changes ({@code noIdleSteps} compared each step
 *     with the last record asked for, written or not)
 */
record SlaChanges(boolean lookupsLocal, boolean metGoalsKeepTheirTarget, boolean noIdleSteps, boolean recordsTerms,
    boolean acknowledgesLocally, boolean rewritesAfterGiveUp) {
  static final String LOOKUPS_LOCAL = "sla-lookups-local";
  static final String MET_GOALS_KEEP_THEIR_TARGET = "sla-met-goals-keep-their-target";
  static final String NO_IDLE_STEPS = "sla-no-idle-steps";
  static final String RECORDS_TERMS = "sla-records-terms";
  static final String ACKNOWLEDGES_LOCALLY = "sla-acknowledges-locally";
  static final String REWRITES_AFTER_GIVE_UP = "sla-rewrites-after-give-up";

  static SlaChanges decide() {
    return new SlaChanges(
        Workflow.getVersion(LOOKUPS_LOCAL, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(MET_GOALS_KEEP_THEIR_TARGET, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(NO_IDLE_STEPS, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(RECORDS_TERMS, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(ACKNOWLEDGES_LOCALLY, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(REWRITES_AFTER_GIVE_UP, Workflow.DEFAULT_VERSION, 1) >= 1);
  }
}
