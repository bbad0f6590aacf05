package dev.pitcrew.workflows.drill;

/**
 * What a recovery did beyond a drill's evidence: the point asked for, who asked and who approved, and where the
 * database it replaced was kept.
 *
 * @param keptAs the name the replaced database was renamed to (kept, never dropped by Pitcrew)
 * @param promotedAtMillis when the restored copy took the target's place; null until then
 */
public record RecoveryEvidence(
    long pointInTimeMillis,
    String reason,
    String requestedBy,
    String approvedBy,
    String approvalReason,
    String rejectedBy,
    String targetDatabase,
    String keptAs,
    Long promotedAtMillis) {}
