package dev.pitcrew.workflows.incident;

import java.time.Duration;
import java.util.List;

/**
 * One rung of an escalation policy.
 *
 * @param ackTimeoutMinutes how long this level has to acknowledge before the next level is paged (at least 1)
 * @param targets who is paged outside business hours (and always, when there is no business-hours variant)
 * @param businessHoursTargets who is paged instead during the policy's business hours; empty for no variant
 */
public record EscalationLevel(
    int ackTimeoutMinutes, List<EscalationTarget> targets, List<EscalationTarget> businessHoursTargets) {
  public static final int MIN_ACK_TIMEOUT_MINUTES = 1;

  public EscalationLevel {
    if (ackTimeoutMinutes < MIN_ACK_TIMEOUT_MINUTES) {
      throw new IllegalArgumentException("ackTimeoutMinutes must be at least " + MIN_ACK_TIMEOUT_MINUTES);
    }
    targets = targets == null ? List.of() : List.copyOf(targets);
    businessHoursTargets = businessHoursTargets == null ? List.of() : List.copyOf(businessHoursTargets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("An escalation level needs at least one target");
    }
  }

  public Duration ackTimeout() {
    return Duration.ofMinutes(ackTimeoutMinutes);
  }

  public List<EscalationTarget> targetsFor(boolean duringBusinessHours) {
    return duringBusinessHours && !businessHoursTargets.isEmpty() ? businessHoursTargets : targets;
  }
}
