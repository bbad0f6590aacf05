package dev.pitcrew.activities.pagerduty;

import dev.pitcrew.workflows.incident.Severity;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.pagerduty.*}. Routing keys are secrets: set them from the environment
 * ({@code PITCREW_PAGERDUTY_DEFAULT_ROUTING_KEY}) or a config tree of files, never in a committed file.
 *
 * @param eventsUrl Events API v2 enqueue endpoint
 * @param defaultRoutingKey routing key of the PagerDuty service named {@value Severity#DEFAULT_PAGERDUTY_SERVICE}
 * @param routingKeys routing keys of further PagerDuty services, by the name escalation policies use
 */
@Validated
@ConfigurationProperties("pitcrew.pagerduty")
public record PagerDutyProperties(
    @NotBlank @DefaultValue("https://events.pagerduty.com/v2/enqueue") String eventsUrl,
    String defaultRoutingKey,
    Map<String, String> routingKeys) {

  public PagerDutyProperties {
    routingKeys = routingKeys == null ? Map.of() : Map.copyOf(routingKeys);
  }

  /** Whether any routing key is configured, i.e. whether Pitcrew really pages. */
  public boolean configured() {
    return (defaultRoutingKey != null && !defaultRoutingKey.isBlank()) || !routingKeys.isEmpty();
  }

  public Optional<String> routingKeyFor(String pagerDutyService) {
    if (Severity.DEFAULT_PAGERDUTY_SERVICE.equals(pagerDutyService) && defaultRoutingKey != null
        && !defaultRoutingKey.isBlank()) {
      return Optional.of(defaultRoutingKey);
    }
    return Optional.ofNullable(routingKeys.get(pagerDutyService)).filter(key -> !key.isBlank());
  }

  @Override
  public String toString() {
    return "PagerDutyProperties[eventsUrl=" + eventsUrl + ", defaultRoutingKey=" + (defaultRoutingKey == null ? "unset" : "***")
        + ", routingKeys for " + routingKeys.keySet() + "]";
  }
}
