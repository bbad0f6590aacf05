package dev.pitcrew.activities.metrics;

import dev.pitcrew.workflows.deploy.DeploymentMetricsActivities;
import dev.pitcrew.workflows.deploy.DeploymentOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Deployment metrics, recorded once per deployment when it ends:
 *
 * <ul>
 *   <li>{@value #DURATION} (timer; service, environment, outcome)
 *   <li>{@value #OUTCOMES} (counter; service, environment, outcome)
 *   <li>{@value #ROLLBACKS} (counter; service, environment, trigger: analysis, manual, abort, failure, cancel)
 *   <li>{@value #CUTOVER_SWITCH} (timer; service, environment, direction: promote or rollback)
 * </ul>
 */
@Component
public class DeploymentMetricsActivitiesImpl implements DeploymentMetricsActivities {
  static final String DURATION = "pitcrew.deployment.duration";
  static final String OUTCOMES = "pitcrew.deployment.outcomes";
  static final String ROLLBACKS = "pitcrew.deployment.rollbacks";
  static final String CUTOVER_SWITCH = "pitcrew.deployment.cutover.switch";

  private final MeterRegistry registry;

  @Autowired
  public DeploymentMetricsActivitiesImpl(ObjectProvider<MeterRegistry> registry) {
    this(registry.getIfAvailable(() -> Metrics.globalRegistry));
  }

  public DeploymentMetricsActivitiesImpl(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void recordOutcome(DeploymentOutcome outcome) {
    Tags target = Tags.of("service", outcome.service(), "environment", outcome.environment());
    registry.timer(DURATION, target.and("outcome", outcome.outcome())).record(Duration.ofMillis(outcome.durationMillis()));
    registry.counter(OUTCOMES, target.and("outcome", outcome.outcome())).increment();
    if (outcome.cutoverSwitchMillis() != null) {
      registry.timer(CUTOVER_SWITCH, target.and("direction", "promote"))
          .record(Duration.ofMillis(outcome.cutoverSwitchMillis()));
    }
    if (outcome.rollbackSwitchMillis() != null) {
      registry.timer(CUTOVER_SWITCH, target.and("direction", "rollback"))
          .record(Duration.ofMillis(outcome.rollbackSwitchMillis()));
      registry.counter(ROLLBACKS, target.and("trigger", outcome.rollbackTrigger())).increment();
    }
  }
}
