package dev.pitcrew.workflows.incident;

/**
 * One PagerDuty trigger.
 *
 * @param pagerDutyService configured PagerDuty integration name (see {@link EscalationTarget})
 * @param service the game service the incident is about
 */
public record Page(
    String dedupKey,
    String pagerDutyService,
    String summary,
    Severity severity,
    String service,
    EscalationStep step) {}
