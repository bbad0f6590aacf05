package dev.pitcrew.activities.pagerduty;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One Events API v2 event, addressed by PagerDuty service name rather than routing key so it can be logged or
 * written to the outbox as it is.
 *
 * @param action {@code trigger}, {@code acknowledge} or {@code resolve}
 * @param severity Events API severity ({@code critical}, {@code error}, {@code warning}, {@code info}); trigger only
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // outbox rows show what would be sent, not empty fields
public record PagerDutyEvent(
    String action,
    String pagerDutyService,
    String dedupKey,
    String summary,
    String source,
    String severity,
    String component,
    Map<String, Object> customDetails) {}
