package dev.pitcrew.workflows.incident;

/**
 * Settings an incident reads once, when it opens, and keeps for its whole life.
 *
 * @param policy the service's escalation policy, or null to use the severity's default
 * @param archiveChannelAfterSeconds how long after resolution the channel is archived
 * @param continueAsNewAfterEvents history length at which a long incident continues as new, even before Temporal
 *     suggests it (Temporal's own suggestion always counts)
 */
public record IncidentSetup(EscalationPolicy policy, long archiveChannelAfterSeconds, int continueAsNewAfterEvents) {
  public static final long DEFAULT_ARCHIVE_CHANNEL_AFTER_SECONDS = 24 * 3600;
  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;

  /** What an incident goes on with when its settings cannot be read: paging must not wait for the database. */
  public static IncidentSetup defaults() {
    return new IncidentSetup(null, DEFAULT_ARCHIVE_CHANNEL_AFTER_SECONDS, DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS);
  }
}
