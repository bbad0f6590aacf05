package dev.pitcrew.workflows.deploy;

import java.util.Map;

/**
 * An activity to run right before traffic switches, such as a database backup. It must be registered on Pitcrew's
 * task queue under {@code activityType} and accept a {@link PreCutoverContext}. If it fails, traffic stays where
 * it is and the deployment aborts.
 *
 * @param timeoutSeconds start-to-close timeout of one attempt; default 1800
 * @param maximumAttempts default 1: a hook such as a backup is only retried when it says so itself
 */
public record PreCutoverHook(
    String activityType, Map<String, String> arguments, Integer timeoutSeconds, Integer maximumAttempts) {
  public PreCutoverHook {
    arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
  }

  int effectiveTimeoutSeconds() {
    return timeoutSeconds == null ? 1800 : timeoutSeconds;
  }

  int effectiveMaximumAttempts() {
    return maximumAttempts == null ? 1 : maximumAttempts;
  }
}
