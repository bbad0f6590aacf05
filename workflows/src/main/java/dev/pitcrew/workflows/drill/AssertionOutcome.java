package dev.pitcrew.workflows.drill;

/** One SQL assertion's result in the restored copy; {@code detail} holds the error when the query failed. */
public record AssertionOutcome(String name, boolean passed, String detail) {}
