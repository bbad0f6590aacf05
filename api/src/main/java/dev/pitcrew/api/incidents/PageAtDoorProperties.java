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
 * @param lateTriggerLimit how long a PagerDuty trigger the door stopped waiting for may go on in the background
 *     ({@code PITCREW_INCIDENTS_PAGEATDOOR_LATETRIGGERLIMIT}, default 30s, 0–2m, counted from the door's start):
 *     on a starved machine (an alert storm) a trigger that outlives the door's timeout is usually just queued for a
 *     core, and finishing it pages at the call's own speed instead of the workflow's, minutes behind. PagerDuty
 *     merges the workflow's own trigger with it (same dedup key). {@code 0}: stopped at the door's timeout
 */
@Validated
@ConfigurationProperties("pitcrew.incidents.page-at-door")
public record PageAtDoorProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("1s") Duration timeout,
    @NotNull @DefaultValue("30s") Duration lateTriggerLimit) {

  /** Under 50 ms not even a healthy PagerDuty answers; over 10 s the webhook would hold Alertmanager too long. */
  @AssertTrue(message = "pitcrew.incidents.page-at-door.timeout must be between 50ms and 10s")
  public boolean isTimeoutWithinBounds() {
    return timeout == null
        || timeout.compareTo(Duration.ofMillis(50)) >= 0 && timeout.compareTo(Duration.ofSeconds(10)) <= 0;
  }

  /**
   * Past 2 minutes a hung PagerDuty would hold a connection of the client's pool (shared with the workflows' paging
   * activities) for longer than the workflow takes to page on its own, even in a storm.
   */
  @AssertTrue(message = "pitcrew.incidents.page-at-door.late-trigger-limit must be between 0 and 2m")
  public boolean isLateTriggerLimitWithinBounds() {
    return lateTriggerLimit == null
        || !lateTriggerLimit.isNegative() && lateTriggerLimit.compareTo(Duration.ofMinutes(2)) <= 0;
  }

  /** Whether a trigger that outlives the door's timeout goes on in the background. */
  boolean finishesLateTriggers() {
    return lateTriggerLimit != null && lateTriggerLimit.compareTo(timeout) > 0;
  }
}
