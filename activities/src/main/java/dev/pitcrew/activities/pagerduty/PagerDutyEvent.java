package dev.pitcrew.activities.pagerduty;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pitcrew.workflows.incident.Page;
import dev.pitcrew.workflows.incident.Severity;
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
    Map<String, Object> customDetails) {

  /** A page's trigger, the same whether the paging activity or the intake at the door sends it. */
  public static PagerDutyEvent trigger(Page page) {
    return new PagerDutyEvent("trigger", page.pagerDutyService(), page.dedupKey(), page.summary(), page.service(),
        severityOf(page.severity()), page.service(),
        Map.of("incident", page.dedupKey(), "severity", page.severity().name(),
            "escalationLevel", page.step().level(), "escalationLoop", page.step().loop()));
  }

  /** Resolves what was triggered under {@code dedupKey} on {@code pagerDutyService} (nothing there if nothing is open). */
  public static PagerDutyEvent resolve(String pagerDutyService, String dedupKey) {
    return new PagerDutyEvent("resolve", pagerDutyService, dedupKey, null, null, null, null, null);
  }

  static String severityOf(Severity severity) {
    return switch (severity) {
      case SEV1 -> "critical";
      case SEV2 -> "error";
      case SEV3 -> "warning";
      case SEV4 -> "info";
    };
  }
}
