package dev.pitcrew.api.runs;

/**
 * Checks, once a start request is read and completed, that the caller may start it: the run type's permission in
 * the environment the request touches. Throws to refuse; nothing has been claimed or started by then.
 */
@FunctionalInterface
public interface RunAuthorizer {
  /** For callers that checked already (Slack applies its own permission check before it asks). */
  RunAuthorizer CHECKED_BY_CALLER = (permission, environment) -> {};

  void authorize(String permission, String environment);
}
