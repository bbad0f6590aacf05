package dev.pitcrew.workflows.selfcheck;

/** Payload of the {@code confirm} signal: who confirmed and why. */
public record Confirmation(String by, String note) {}
