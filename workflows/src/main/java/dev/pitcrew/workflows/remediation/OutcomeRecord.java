package dev.pitcrew.workflows.remediation;

/** How one remediation run ended, for the alert-quality report and the auto-resolve metrics. */
public record OutcomeRecord(
    String remediationId, String runbook, String service, String target, String alertname,
    RemediationOutcome outcome, String detail, String incidentId, long startedAtMillis, long endedAtMillis) {}
