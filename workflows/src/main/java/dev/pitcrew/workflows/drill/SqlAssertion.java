package dev.pitcrew.workflows.drill;

/** A query run in the restored copy (read only) that must return a single {@code true}, e.g. "no orphan items". */
public record SqlAssertion(String name, String sql) {}
