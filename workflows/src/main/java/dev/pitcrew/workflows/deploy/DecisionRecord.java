package dev.pitcrew.workflows.deploy;

/**
 * One operator decision the deployment handled, and its answer to the caller: accepted, or refused with the reason
 * when the run moved on between the update's validation and its handling (a decision its validator refuses never
 * reaches the workflow; the API records those in the audit trail and on the run's timeline).
 *
 * @param atMillis workflow time the decision was handled
 */
public record DecisionRecord(String kind, String by, String reason, boolean accepted, String note, long atMillis) {}
