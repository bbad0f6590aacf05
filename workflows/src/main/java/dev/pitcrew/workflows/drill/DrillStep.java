package dev.pitcrew.workflows.drill;

/** One step of a drill run in its report: when it began (workflow time), how long it took, how it ended. */
public record DrillStep(String name, long startedAtMillis, long durationMillis, String outcome) {}
