package dev.pitcrew.workflows.remediation;

/** One line of a remediation's own timeline. */
public record TimelineNote(long atMillis, String phase, String text) {}
