package dev.pitcrew.workers.observability;

/**
 * The log context (SLF4J MDC) keys of Pitcrew's lines. The Temporal SDK itself puts {@code WorkflowId},
 * {@code RunId}, {@code WorkflowType}, {@code TaskQueue} and {@code Namespace} into the MDC of every workflow thread,
 * and adds {@code ActivityType}, {@code ActivityId} and {@code Attempt} on activity threads; Pitcrew adds who asked.
 * With JSON logs on, each is a top-level field of the line (docs/monitoring.md#logs).
 */
public final class LogContext {
  /** Who the request, or the start or signal of the run, came from: the authenticated identity, never a body field. */
  public static final String PRINCIPAL = "principal";

  private LogContext() {}
}
