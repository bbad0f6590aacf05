package dev.pitcrew.activities.pagerduty;

import dev.pitcrew.activities.outbox.OutboxRepository;
import tools.jackson.databind.json.JsonMapper;

/** Local mode: writes each event to the outbox instead of paging anyone. */
public class PagerDutyOutbox implements PagerDutyEvents {
  private final OutboxRepository outbox;
  private final JsonMapper json = JsonMapper.builder().build();

  public PagerDutyOutbox(OutboxRepository outbox) {
    this.outbox = outbox;
  }

  @Override
  public void send(PagerDutyEvent event) {
    // The dedup key is the incident's ID, which is also its workflow's.
    outbox.append("pagerduty", event.action(), event.pagerDutyService(), event.dedupKey(),
        json.writeValueAsString(event));
  }
}
