package dev.pitcrew.workflows.deploy;

/** Payload of the {@code approve}, {@code reject}, {@code abort} and {@code rollback} updates. */
public record OperatorDecision(String by, String reason) {}
