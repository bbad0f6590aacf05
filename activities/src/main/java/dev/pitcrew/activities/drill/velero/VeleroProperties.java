package dev.pitcrew.activities.drill.velero;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.drills.velero.*}: where Velero runs and how drills of target kind {@code velero} wait for it.
 *
 * @param namespace the namespace Velero runs in and keeps its Backups, Restores and Schedules
 * @param pollInterval how often a waiting backup, restore or readiness check looks again and heartbeats (at most 8 s:
 *     the drill's long steps have a 10 s heartbeat timeout)
 * @param backupTtl how long Velero keeps a backup a drill takes (its {@code spec.ttl}; Velero deletes it after)
 * @param maxWait the longest this worker waits for one backup, restore or the restored pods, whatever a drill's
 *     own timeouts say
 * @param sandbox the simulated Velero of the sandbox Kubernetes
 */
@Validated
@ConfigurationProperties("pitcrew.drills.velero")
public record VeleroProperties(
    @DefaultValue("velero") @NotBlank String namespace,
    @DefaultValue("2s") @NotNull Duration pollInterval,
    @DefaultValue("72h") @NotNull Duration backupTtl,
    @DefaultValue("5h") @NotNull Duration maxWait,
    @DefaultValue Sandbox sandbox) {

  public VeleroProperties {
    if (pollInterval.isNegative() || pollInterval.isZero() || pollInterval.toMillis() > 8000) {
      throw new IllegalArgumentException("pitcrew.drills.velero.poll-interval must be between 1ms and 8s");
    }
  }

  /**
   * @param delay how long the simulated Velero takes to complete a backup or a restore
   * @param partiallyFailingNamespaces source namespaces whose restores end PartiallyFailed (to try a failing drill)
   */
  public record Sandbox(
      @DefaultValue("1s") Duration delay, @DefaultValue("chat-legacy") List<String> partiallyFailingNamespaces) {}
}
