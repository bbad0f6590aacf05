package dev.pitcrew.activities.pagerduty;

import dev.pitcrew.workflows.incident.Page;
import dev.pitcrew.workflows.incident.PageUpdate;
import dev.pitcrew.workflows.incident.PagingActivities;
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
    events.send(PagerDutyEvent.trigger(page));
  }

  @Override
  public void acknowledge(PageUpdate update) {
    events.send(new PagerDutyEvent("acknowledge", update.pagerDutyService(), update.dedupKey(), null, null, null, null, null));
  }

  @Override
  public void resolve(PageUpdate update) {
    events.send(PagerDutyEvent.resolve(update.pagerDutyService(), update.dedupKey()));
  }
}
