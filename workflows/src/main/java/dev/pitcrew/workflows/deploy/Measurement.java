package dev.pitcrew.workflows.deploy;

/**
 * One measurement of one metric.
 *
 * @param value what was measured: the query's samples or the HTTP status
 * @param message why it came out as it did, for the status and the audit trail
 */
public record Measurement(MeasurementPhase phase, String value, String message) {}
