package dev.pitcrew.api.recovery;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.recovery.*}: reconciliation of the runs index with the Temporal engine, and recovery of open
 * tickets and incidents whose runs the engine lost.
 *
 * @param enabled reconcile at all (on start, once the engine answers, and then every {@code reconcileInterval})
 * @param reconcileInterval how often the runs index's RUNNING rows are checked against Temporal
 * @param recoverTickets start a new SLA run, with the original clocks, for an open ticket whose run was lost
 * @param recoverIncidents start a new run for an open incident whose run was lost, under the same incident ID
 */
@Validated
@ConfigurationProperties("pitcrew.recovery")
public record RecoveryProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("60s") @NotNull Duration reconcileInterval,
    @DefaultValue("true") boolean recoverTickets,
    @DefaultValue("true") boolean recoverIncidents) {

  public RecoveryProperties {
    if (reconcileInterval != null && reconcileInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("pitcrew.recovery.reconcile-interval must be at least 1s");
    }
  }
}
