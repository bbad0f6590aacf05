package dev.pitcrew.activities.pagerduty;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * The slice of PagerDuty's REST API v2 Pitcrew uses, as a Spring HTTP interface. Built by
 * {@link PagerDutyRestConfiguration#connect}; every failure surfaces as {@link PagerDutyRestException}.
 */
@HttpExchange(accept = PagerDutyRestApi.ACCEPT_V2)
public interface PagerDutyRestApi {
  /** Pins the API version whatever version the token defaults to. */
  String ACCEPT_V2 = "application/vnd.pagerduty+json;version=2";

  /** PagerDuty wraps a single resource in an object named after it. */
  record IncidentResponse(Incident incident) {}

  /**
   * The fields Pitcrew reads of a PagerDuty incident; PagerDuty sends many more.
   *
   * @param id PagerDuty's incident ID, e.g. {@code PT4KHLK}
   * @param incidentKey the dedup key it was triggered with: for incidents Pitcrew triggered, the incident workflow ID
   */
  record Incident(
      String id,
      @JsonProperty("incident_key") String incidentKey,
      String status,
      String title,
      @JsonProperty("html_url") String htmlUrl) {}

  @GetExchange("/incidents/{id}")
  IncidentResponse incident(@PathVariable String id);
}
