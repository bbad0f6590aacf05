package dev.pitcrew.workflows.remediation;

import java.util.List;

/** A remediation's result: how it ended, why, how many attempts it made and the incident it escalated to. */
public record RemediationResult(
    RemediationOutcome outcome, String detail, int attempts, String incidentId, List<String> plan) {}
