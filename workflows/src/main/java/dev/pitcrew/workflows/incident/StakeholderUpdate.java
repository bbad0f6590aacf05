package dev.pitcrew.workflows.incident;

/** Payload of the {@code stakeholderUpdate} signal: posted to the stakeholder channel, resets the cadence. */
public record StakeholderUpdate(String actor, String source, String text) implements IncidentSignal {}
