package dev.pitcrew.workflows.drill;

/**
 * Asks the drill workflow to recover for real: restore the target, as of {@code pointInTimeMillis}, into its real
 * place once two people agreed. The backup restored is the newest one taken at or before that point.
 *
 * @param pointInTimeMillis the point to go back to (epoch milliseconds)
 * @param reason why, for the approvers and the report
 */
public record RecoveryRequest(long pointInTimeMillis, String reason) {}
