package dev.pitcrew.workflows.deploy;

import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;

/** Tells a step that stopped because its scope was cancelled from one that really failed. */
final class Cancellations {
  private Cancellations() {}

  static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message: what actually went wrong, without Temporal's wrapping. */
  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message = root instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
