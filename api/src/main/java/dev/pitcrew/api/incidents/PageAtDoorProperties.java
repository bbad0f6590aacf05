package dev.pitcrew.api.incidents;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.incidents.page-at-door.*}: whether the intake sends an opening incident's first page itself,
 * before it asks the engine to start the incident (see {@link FirstPageAtDoor}).
 *
 * @param enabled page at the door ({@code PITCREW_INCIDENTS_PAGEATDOOR_ENABLED}, default true); off, every page
 *     waits for the incident's workflow, as before
 * @param timeout the most the door waits for the escalation policy and PagerDuty together
 *     ({@code PITCREW_INCIDENTS_PAGEATDOOR_TIMEOUT}, default 1s, 50ms–10s); whatever has not answered by then is left
 *     to the workflow
 */
@Validated
@ConfigurationProperties("pitcrew.incidents.page-at-door")
public record PageAtDoorProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("1s") Duration timeout) {

  /** Under 50 ms not even a healthy PagerDuty answers; over 10 s the webhook would hold Alertmanager too long. */
  @AssertTrue(message = "pitcrew.incidents.page-at-door.timeout must be between 50ms and 10s")
  public boolean isTimeoutWithinBounds() {
    return timeout == null
        || timeout.compareTo(Duration.ofMillis(50)) >= 0 && timeout.compareTo(Duration.ofSeconds(10)) <= 0;
  }
}
