package dev.pitcrew.workflows.incident;

/**
 * What opens an incident. Start it with workflow ID {@link IncidentIds#workflowIdFor(String) workflowIdFor(dedupKey)}.
 *
 * @param dedupKey alerts with the same key belong to the same incident; also PagerDuty's dedup key input
 * @param source what raised it, e.g. {@code prometheus}, {@code api}, {@code slack} (metrics count by it)
 * @param openedBy who raised it: a person or the alerting system's name
 * @param commander the incident commander if already known; otherwise the first to acknowledge takes the role
 * @param continued set only by the workflow itself when it continues as new
 * @param pagedAtDoor the first level's PagerDuty services the intake already paged before it started the incident,
 *     or null (none, or a start by code that does not page at the door); ignored when the run already existed
 */
public record IncidentInput(
    String dedupKey,
    String service,
    Severity severity,
    String title,
    String details,
    String source,
    String openedBy,
    String commander,
    IncidentCheckpoint continued,
    PagedAtDoor pagedAtDoor) {

  public IncidentInput {
    if (dedupKey == null || dedupKey.isBlank()) {
      throw new IllegalArgumentException("An incident needs a dedup key");
    }
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("An incident needs a service");
    }
    if (severity == null) {
      throw new IllegalArgumentException("An incident needs a severity");
    }
  }

  public static IncidentInput open(
      String dedupKey, String service, Severity severity, String title, String details, String source,
      String openedBy, String commander) {
    return new IncidentInput(dedupKey, service, severity, title, details, source, openedBy, commander, null, null);
  }

  /** This opening, with the pages the intake sent before starting the incident. */
  public IncidentInput withPagedAtDoor(PagedAtDoor paged) {
    return new IncidentInput(dedupKey, service, severity, title, details, source, openedBy, commander, continued, paged);
  }

  IncidentInput continuedFrom(IncidentCheckpoint checkpoint) {
    // The door's pages belong to the opening: a continued run pages nothing at its start.
    return new IncidentInput(dedupKey, service, severity, title, details, source, openedBy, commander, checkpoint, null);
  }
}
