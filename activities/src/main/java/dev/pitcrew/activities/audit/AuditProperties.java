package dev.pitcrew.activities.audit;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long audit rows are kept; older ones are pruned at start-up and at most once an hour
 *     after. At least one day, so a typo cannot wipe the log.
 */
@Validated
@ConfigurationProperties("pitcrew.audit")
public record AuditProperties(@NotNull @DefaultValue("400d") Duration retention) {

  public AuditProperties {
    if (retention != null && retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("pitcrew.audit.retention must be at least 1d, was " + retention);
    }
  }
}
