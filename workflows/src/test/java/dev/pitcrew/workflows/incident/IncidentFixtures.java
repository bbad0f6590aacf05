package dev.pitcrew.workflows.incident;

import java.util.List;

/** Policies and inputs the incident tests share. */
final class IncidentFixtures {
  private IncidentFixtures() {}

  /** Three levels (5, 10 and 15 minutes to acknowledge), each with its own PagerDuty service and Slack group. */
  static EscalationPolicy threeLevels(int repeats) {
    return new EscalationPolicy("payments",
        List.of(level(5, "pd-primary", "S-PRIMARY"), level(10, "pd-secondary", "S-SECONDARY"),
            level(15, "pd-managers", "S-MANAGERS")),
        repeats, null, false);
  }

  static EscalationLevel level(int ackMinutes, String pagerDutyService, String slackGroup) {
    return new EscalationLevel(ackMinutes, List.of(new EscalationTarget(pagerDutyService, slackGroup)), List.of());
  }

  static IncidentSetup setup(EscalationPolicy policy) {
    return new IncidentSetup(policy, 3600, IncidentSetup.DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS);
  }

  static IncidentInput incident(String dedupKey, Severity severity) {
    return IncidentInput.open(dedupKey, "payments", severity, "Checkout failing", "5xx on /checkout above 20%",
        "prometheus", "alertmanager", null);
  }
}
