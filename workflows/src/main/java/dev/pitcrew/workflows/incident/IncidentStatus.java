package dev.pitcrew.workflows.incident;

import java.util.List;

/**
 * Where an incident stands: the {@code status} query's answer while it runs, and the workflow's result. Times are
 * epoch millis of workflow time; those of things that have not happened are null.
 *
 * @param escalation the level last paged, or null when nobody was paged
 * @param nextEscalationAtMillis when the next level is paged unless someone acknowledges; null when not waiting
 * @param alertsClearedAtMillis when every alert of the incident had cleared, while none fires again; escalation
 *     holds meanwhile and the incident waits for a human to resolve it. Null while an alert fires (or for runs
 *     started before this was tracked)
 */
public record IncidentStatus(
    String incidentId,
    String dedupKey,
    String service,
    String title,
    Severity severity,
    IncidentState state,
    String commander,
    Long openedAtMillis,
    Long acknowledgedAtMillis,
    String acknowledgedBy,
    Long resolvedAtMillis,
    String resolvedBy,
    EscalationStep escalation,
    Long nextEscalationAtMillis,
    Long nextStakeholderUpdateDueAtMillis,
    IncidentChannel channel,
    String postmortemKey,
    List<String> followUpKeys,
    Long alertsClearedAtMillis) {

  /** Mean time to acknowledge, for this incident: opened to first acknowledgement. */
  public Long mttaMillis() {
    return acknowledgedAtMillis == null ? null : acknowledgedAtMillis - openedAtMillis;
  }

  /** Mean time to resolve, for this incident: opened to resolved. */
  public Long mttrMillis() {
    return resolvedAtMillis == null ? null : resolvedAtMillis - openedAtMillis;
  }
}
