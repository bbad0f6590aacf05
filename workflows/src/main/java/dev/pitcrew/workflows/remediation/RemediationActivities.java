package dev.pitcrew.workflows.remediation;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** What a remediation does to the world: looks at its target, acts on it, checks a condition. */
@ActivityInterface
public interface RemediationActivities {
  /** Pod status, recent events, the log tail and recent deployments of the target: lines for the timeline. */
  List<String> enrich(RemediationTarget target);

  /**
   * The Prometheus value that fired, for the timeline: the alert's {@code value} annotation, and its rule's
   * expression (from the generator URL) asked of Prometheus now.
   */
  List<String> enrichAlert(AlertFacts alert, RemediationTarget target);

  /** Carries out one step; idempotent under {@link ActionRequest#actionKey()}. */
  ActionReport act(ActionRequest request);

  /** Whether the verification's Prometheus condition holds now. */
  boolean conditionHolds(Verification verification);
}
