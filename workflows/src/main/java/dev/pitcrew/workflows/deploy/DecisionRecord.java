package dev.pitcrew.workflows.deploy;

/**
 * One signal an operator sent, as the deployment saw it: accepted, or ignored with the reason why (for example a
 * requester approving their own production deployment). Kept for the audit trail.
 *
 * @param atMillis workflow time the signal was handled
 */
public record DecisionRecord(String kind, String by, String reason, boolean accepted, String note, long atMillis) {}
