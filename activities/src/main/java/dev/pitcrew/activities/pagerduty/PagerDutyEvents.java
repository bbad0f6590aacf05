package dev.pitcrew.activities.pagerduty;

/** Where PagerDuty events go: the Events API when routing keys are configured, the outbox otherwise. */
public interface PagerDutyEvents {
  void send(PagerDutyEvent event);
}
