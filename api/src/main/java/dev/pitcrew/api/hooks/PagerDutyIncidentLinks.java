package dev.pitcrew.api.hooks;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which PagerDuty incident (its ID, e.g. {@code Q2K8J7X1}) belongs to which Pitcrew incident. Learnt from any event
 * that names both; needed because PagerDuty's {@code incident.annotated} events only reference the PagerDuty
 * incident, not the {@code incident_key} Pitcrew triggered it with.
 */
@Repository
class PagerDutyIncidentLinks {
  private final JdbcClient jdbc;

  PagerDutyIncidentLinks(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void remember(String pagerDutyIncident, String incidentId) {
    jdbc.sql("""
            insert into pagerduty_incident_links (pagerduty_incident, incident_id) values (?, ?)
            on conflict (pagerduty_incident) do nothing""")
        .params(pagerDutyIncident, incidentId)
        .update();
  }

  Optional<String> incidentOf(String pagerDutyIncident) {
    return jdbc.sql("select incident_id from pagerduty_incident_links where pagerduty_incident = ?")
        .param(pagerDutyIncident)
        .query(String.class)
        .optional();
  }
}
