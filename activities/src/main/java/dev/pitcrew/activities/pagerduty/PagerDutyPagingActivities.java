package dev.pitcrew.activities.pagerduty;

import dev.pitcrew.workflows.incident.Page;
import dev.pitcrew.workflows.incident.PageUpdate;
import dev.pitcrew.workflows.incident.PagingActivities;
import dev.pitcrew.workflows.incident.Severity;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Turns the incident workflow's pages into PagerDuty events. */
@Component
public class PagerDutyPagingActivities implements PagingActivities {
  private final PagerDutyEvents events;

  public PagerDutyPagingActivities(PagerDutyEvents events) {
    this.events = events;
  }

  @Override
  public void trigger(Page page) {
    events.send(new PagerDutyEvent("trigger", page.pagerDutyService(), page.dedupKey(), page.summary(),
        page.service(), severityOf(page.severity()), page.service(),
        Map.of("incident", page.dedupKey(), "severity", page.severity().name(),
            "escalationLevel", page.step().level(), "escalationLoop", page.step().loop())));
  }

  @Override
  public void acknowledge(PageUpdate update) {
    events.send(new PagerDutyEvent("acknowledge", update.pagerDutyService(), update.dedupKey(), null, null, null, null, null));
  }

  @Override
  public void resolve(PageUpdate update) {
    events.send(new PagerDutyEvent("resolve", update.pagerDutyService(), update.dedupKey(), null, null, null, null, null));
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
