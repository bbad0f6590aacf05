package dev.pitcrew.workers.observability;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The log context (SLF4J MDC) keys every line written inside a workflow, an activity or a request carries, so a log
 * stack finds everything about one run with {@code workflowId:"deploy-game-api@staging"}. With JSON logs on they are
 * top-level fields of each line.
 */
public final class LogContext {
  public static final String WORKFLOW_ID = "workflowId";
  public static final String RUN_ID = "runId";
  public static final String WORKFLOW_TYPE = "workflowType";
  public static final String ACTIVITY_TYPE = "activityType";
  /** Who the request, or the run's start, was made by (the authenticated identity, never a body field). */
  public static final String PRINCIPAL = "principal";

  private LogContext() {}

  /** Puts the entries for the length of {@code body}, then puts back what this thread had before. */
  public static <T> T with(Map<String, String> entries, java.util.function.Supplier<T> body) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    try {
      entries.forEach((key, value) -> {
        if (value != null) {
          MDC.put(key, value);
        }
      });
      return body.get();
    } finally {
      if (before == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(before);
      }
    }
  }
}
