package dev.pitcrew.workflows.incident;

/** An acknowledge or resolve for what an earlier trigger with the same dedup key and service opened. */
public record PageUpdate(String dedupKey, String pagerDutyService) {}
