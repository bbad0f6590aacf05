package dev.pitcrew.workflows.incident;

import java.util.List;

/**
 * The first level's PagerDuty triggers that the intake sent itself, before it asked the engine to open the
 * incident, and that PagerDuty accepted. The incident records them as sent and triggers only the level's other
 * services: the door's page is one attempt, the workflow stays the page's durable owner.
 *
 * @param pagerDutyServices the PagerDuty services (policy names, never routing keys) the door reached, each
 *     triggered with the incident's ID as dedup key
 * @param atMillis when the door sent them (the intake's clock, epoch millis)
 */
public record PagedAtDoor(List<String> pagerDutyServices, long atMillis) {
  public PagedAtDoor {
    pagerDutyServices = pagerDutyServices == null ? List.of() : List.copyOf(pagerDutyServices);
  }
}
