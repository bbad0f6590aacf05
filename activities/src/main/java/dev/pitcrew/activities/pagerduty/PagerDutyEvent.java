package dev.pitcrew.activities.pagerduty;

import java.util.Map;

/**
 * One Events API v2 event, addressed by PagerDuty service name rather than routing key so it can be logged or
 * written to the outbox as it is.
 *
 * @param action {@code trigger}, {@code acknowledge} or {@code resolve}
 * @param severity Events API severity ({@code critical}, {@code error}, {@code warning}, {@code info}); trigger only
 */
public record PagerDutyEvent(
    String action,
    String pagerDutyService,
    String dedupKey,
    String summary,
    String source,
    String severity,
    String component,
    Map<String, Object> customDetails) {}
