package dev.pitcrew.activities.pagerduty;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.pagerduty.api-*}: PagerDuty's REST API v2, which Pitcrew only reads (a read-only REST API key is
 * enough). Optional: without a token Pitcrew makes no REST calls. The token is a secret: set it from the environment
 * ({@code PITCREW_PAGERDUTY_APITOKEN}), never in a committed file; it is never logged.
 *
 * <p>Separate from {@link PagerDutyProperties} (the Events API routing keys Pitcrew pages with) because the two APIs
 * differ in host, credentials and failure handling.
 *
 * @param apiUrl REST API base URL
 * @param apiToken REST API key, sent as {@code Authorization: Token token=<key>}
 * @param apiTimeout connect and read timeout of each call; webhook deliveries wait on it, so keep it short
 */
@Validated
@ConfigurationProperties("pitcrew.pagerduty")
public record PagerDutyRestProperties(
    @NotBlank @DefaultValue("https://api.pagerduty.com") String apiUrl,
    String apiToken,
    @NotNull @DefaultValue("5s") Duration apiTimeout) {

  public boolean configured() {
    return apiToken != null && !apiToken.isBlank();
  }

  @Override
  public String toString() {
    return "PagerDutyRestProperties[apiUrl=" + apiUrl + ", apiToken=" + (configured() ? "***" : "unset")
        + ", apiTimeout=" + apiTimeout + "]";
  }
}
