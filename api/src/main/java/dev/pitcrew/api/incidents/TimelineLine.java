package dev.pitcrew.api.incidents;

import dev.pitcrew.workflows.incident.TimelineEntry;
import java.time.Instant;

/**
 * One line of {@code GET /api/v1/incidents/{id}/timeline}.
 *
 * @param event a {@link dev.pitcrew.workflows.incident.TimelineEvent} name: {@code ALERT}, {@code PAGED},
 *     {@code ESCALATED}, {@code ACKNOWLEDGED}, {@code NOTE}, {@code IGNORED}, {@code RESOLVED}, ...
 * @param source through what: {@code api}, {@code slack}, {@code pagerduty}, ... or {@code workflow}
 */
record TimelineLine(Instant at, String event, String actor, String source, String text) {
  static TimelineLine of(TimelineEntry entry) {
    return new TimelineLine(Instant.ofEpochMilli(entry.atMillis()), entry.event().name(), entry.actor(),
        entry.source(), entry.text());
  }
}
