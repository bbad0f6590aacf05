package dev.pitcrew.activities.sla;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultQueue queue for tickets no routing rule matches
 * @param mailFrom sender address of acknowledgement and warning emails
 * @param termsCacheTtl how long a queue's SLA terms for one priority, once read for a ticket, serve the next
 *     tickets from memory; {@code 0s} reads them every time
 * @param routingCacheTtl how long the routing rules and a queue with its agents, once read to route a ticket, route
 *     the next tickets from memory; {@code 0s} reads them every time
 */
@Validated
@ConfigurationProperties("pitcrew.sla")
public record SlaProperties(
    @NotBlank @DefaultValue("support") String defaultQueue,
    @NotBlank @DefaultValue("pitcrew@localhost") String mailFrom,
    @NotNull @DefaultValue("10s") Duration termsCacheTtl,
    @NotNull @DefaultValue("10s") Duration routingCacheTtl) {

  public SlaProperties {
    requireAtMostFiveMinutes("pitcrew.sla.terms-cache-ttl", termsCacheTtl);
    requireAtMostFiveMinutes("pitcrew.sla.routing-cache-ttl", routingCacheTtl);
  }

  private static void requireAtMostFiveMinutes(String name, Duration ttl) {
    if (ttl != null && (ttl.isNegative() || ttl.compareTo(Duration.ofMinutes(5)) > 0)) {
      throw new IllegalArgumentException(name + " must be between 0s and 5m: it is how late a change saved through "
          + "another process may reach new tickets");
    }
  }
}
