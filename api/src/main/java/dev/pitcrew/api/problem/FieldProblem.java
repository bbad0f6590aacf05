package dev.pitcrew.api.problem;

/** One field of a request that was rejected, and why. */
public record FieldProblem(String field, String message) {}
