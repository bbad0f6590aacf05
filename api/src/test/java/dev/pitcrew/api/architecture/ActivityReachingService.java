package dev.pitcrew.api.architecture;

import dev.pitcrew.activities.sla.SlaPolicyActivitiesImpl;

/**
 * Breaks {@code ApiArchitectureTest.API_USES_NO_ACTIVITY_IMPLEMENTATIONS} on purpose, to prove the rule fires. Not a
 * bean: nothing scans it into a context.
 */
class ActivityReachingService {
  private final SlaPolicyActivitiesImpl policies;

  ActivityReachingService(SlaPolicyActivitiesImpl policies) {
    this.policies = policies;
  }

  Object policies() {
    return policies;
  }
}
