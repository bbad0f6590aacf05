package dev.pitcrew.workflows.incident;

/**
 * One line of an incident's timeline.
 *
 * @param atMillis workflow time (epoch millis) when it happened, or when the signal reporting it arrived
 * @param actor who did it; {@value #PITCREW} for the workflow's own actions
 * @param source through what: {@code slack}, {@code api}, {@code pagerduty}, ... or {@value #WORKFLOW}
 */
public record TimelineEntry(long atMillis, TimelineEvent event, String actor, String source, String text) {
  public static final String PITCREW = "pitcrew";
  public static final String WORKFLOW = "workflow";

  public static TimelineEntry byPitcrew(long atMillis, TimelineEvent event, String text) {
    return new TimelineEntry(atMillis, event, PITCREW, WORKFLOW, text);
  }
}
