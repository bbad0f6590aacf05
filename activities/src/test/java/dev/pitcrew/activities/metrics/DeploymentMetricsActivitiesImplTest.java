package dev.pitcrew.activities.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.deploy.DeploymentOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeploymentMetricsActivitiesImplTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DeploymentMetricsActivitiesImpl metrics = new DeploymentMetricsActivitiesImpl(registry);

  @Test
  void recordsDurationOutcomeAndCutover() {
    metrics.recordOutcome(new DeploymentOutcome("game-api", "production", "Promoted", 420_000, 12L, null, null));

    var duration = registry.get("pitcrew.deployment.duration").tag("outcome", "Promoted").timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(420);
    assertThat(registry.get("pitcrew.deployment.outcomes").tags("service", "game-api", "environment", "production",
        "outcome", "Promoted").counter().count()).isEqualTo(1);
    assertThat(registry.get("pitcrew.deployment.cutover.switch").tag("direction", "promote").timer()
        .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(12);
    assertThat(registry.find("pitcrew.deployment.rollbacks").counter()).isNull();
  }

  @Test
  void countsRollbacksByTrigger() {
    metrics.recordOutcome(new DeploymentOutcome("game-api", "production", "RolledBack", 90_000, 11L, 9L, "analysis"));
    metrics.recordOutcome(new DeploymentOutcome("game-api", "production", "RolledBack", 80_000, 10L, 8L, "manual"));

    assertThat(registry.get("pitcrew.deployment.rollbacks").tag("trigger", "analysis").counter().count()).isEqualTo(1);
    assertThat(registry.get("pitcrew.deployment.rollbacks").tag("trigger", "manual").counter().count()).isEqualTo(1);
    assertThat(registry.get("pitcrew.deployment.cutover.switch").tag("direction", "rollback").timer().count())
        .isEqualTo(2);
  }
}
