package dev.pitcrew.workflows.selfcheck;

public record SelfCheckResult(String label, ProbeReport probe, int heldSeconds, Confirmation confirmation) {}
