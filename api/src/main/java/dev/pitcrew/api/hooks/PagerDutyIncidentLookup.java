package dev.pitcrew.api.hooks;

import dev.pitcrew.activities.pagerduty.PagerDutyRestApi;
import dev.pitcrew.activities.pagerduty.PagerDutyRestException;
import dev.pitcrew.api.problem.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Asks PagerDuty's REST API which {@code incident_key} a PagerDuty incident carries, for events that name only the
 * PagerDuty incident ({@code incident.annotated}) when Pitcrew has not learnt the link from an earlier event.
 * Optional: without {@code pitcrew.pagerduty.api-token} there is no REST client and it knows nothing.
 */
@Component
class PagerDutyIncidentLookup {
  private static final Logger log = LoggerFactory.getLogger(PagerDutyIncidentLookup.class);
  /** PagerDuty object IDs, e.g. {@code PT4KHLK}; anything else must not become part of a REST path. */
  private static final Pattern PAGERDUTY_ID = Pattern.compile("[A-Za-z0-9]{1,64}");

  private final PagerDutyRestApi api;

  PagerDutyIncidentLookup(ObjectProvider<PagerDutyRestApi> api) {
    this.api = api.getIfAvailable();
  }

  boolean enabled() {
    return api != null;
  }

  /**
   * @return the PagerDuty incident's {@code incident_key}; empty without a REST client, or when PagerDuty does not
   *     know the incident (or the token may not see it) or it has no key
   * @throws ApiException 503 when PagerDuty cannot answer now (unreachable, 401/403, 429, 5xx), so PagerDuty
   *     redelivers the event later; 400 when the ID is not a PagerDuty ID
   */
  Optional<String> incidentKeyOf(String pagerDutyIncident, String field) {
    if (api == null) {
      return Optional.empty();
    }
    if (!PAGERDUTY_ID.matcher(pagerDutyIncident).matches()) {
      throw ApiException.badField(field, "is not a PagerDuty incident ID (letters and digits)");
    }
    try {
      PagerDutyRestApi.IncidentResponse found = api.incident(pagerDutyIncident);
      return Optional.ofNullable(found).map(PagerDutyRestApi.IncidentResponse::incident)
          .map(PagerDutyRestApi.Incident::incidentKey).filter(key -> !key.isBlank());
    } catch (PagerDutyRestException e) {
      if (e.notFound()) {
        log.info("PagerDuty incident {} not found over the REST API: {}", pagerDutyIncident, e.getMessage());
        return Optional.empty();
      }
      throw unavailable(pagerDutyIncident, e);
    } catch (RestClientException e) {
      // E.g. a body that is not an incident, or a connection dropped while reading it.
      throw unavailable(pagerDutyIncident, e);
    }
  }

  private static ApiException unavailable(String pagerDutyIncident, RuntimeException cause) {
    // Messages name the request and PagerDuty's answer; the token only ever travels in a request header.
    log.warn("Could not look up PagerDuty incident {}; answering 503 so PagerDuty redelivers: {}", pagerDutyIncident,
        cause.getMessage());
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "PagerDuty unavailable",
        "Could not ask PagerDuty which Pitcrew incident PagerDuty incident " + pagerDutyIncident + " belongs to: "
            + cause.getMessage() + ". Deliver again later.", List.of(), Map.of());
  }
}
