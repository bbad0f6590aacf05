package dev.pitcrew.workflows.selfcheck;

/** What a worker saw when it checked its own dependencies. */
public record ProbeReport(String workerIdentity, String databaseVersion, long databaseRoundTripMicros) {}
