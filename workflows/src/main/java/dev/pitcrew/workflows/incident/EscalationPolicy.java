package dev.pitcrew.workflows.incident;

import java.util.List;

/**
 * How a service's incidents escalate: levels are paged in order until one acknowledges; after the last level
 * the ladder starts again from the first, {@code repeats} more times, then stops paging.
 *
 * @param repeats how many extra passes through the levels (0-9)
 * @param businessHours when levels' business-hours targets apply; null when the policy has none
 * @param autoResolveWhenAlertsClear resolve the incident by itself once every alert that joined it has resolved
 */
public record EscalationPolicy(
    String service,
    List<EscalationLevel> levels,
    int repeats,
    BusinessHours businessHours,
    boolean autoResolveWhenAlertsClear) {
  public static final int MAX_REPEATS = 9;

  public EscalationPolicy {
    levels = levels == null ? List.of() : List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("An escalation policy needs at least one level");
    }
    if (repeats < 0 || repeats > MAX_REPEATS) {
      throw new IllegalArgumentException("repeats must be between 0 and " + MAX_REPEATS);
    }
  }

  /**
   * The policy an incident of {@code service} pages by: the service's own ({@code configured}), or its severity's
   * default when it has none. The workflow and the intake's page at the door both ask this.
   */
  public static EscalationPolicy forIncident(EscalationPolicy configured, Severity severity, String service) {
    return configured != null ? configured : severity.defaultPolicy(service);
  }

  public EscalationLevel level(EscalationStep step) {
    return levels.get(step.level() - 1);
  }

  /** The step after {@code current}, or null when the ladder is exhausted. */
  public EscalationStep after(EscalationStep current) {
    if (current.level() < levels.size()) {
      return new EscalationStep(current.level() + 1, current.loop());
    }
    if (current.loop() < repeats) {
      return new EscalationStep(1, current.loop() + 1);
    }
    return null;
  }

  public List<EscalationTarget> targetsAt(EscalationStep step, long epochMillis) {
    boolean duringBusinessHours = businessHours != null && businessHours.contains(epochMillis);
    return level(step).targetsFor(duringBusinessHours);
  }
}
