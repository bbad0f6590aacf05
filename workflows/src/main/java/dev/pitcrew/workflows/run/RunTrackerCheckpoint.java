package dev.pitcrew.workflows.run;

/**
 * A {@link RunTracker}'s position, carried across continue-as-new.
 *
 * @param sequence the sequence of the last record written, so the next run's records sort after it
 * @param startedAtMillis when the first run of the chain started
 */
public record RunTrackerCheckpoint(
    String runType, RunLabels labels, String phase, int sequence, long startedAtMillis) {}
