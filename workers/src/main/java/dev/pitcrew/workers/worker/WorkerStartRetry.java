package dev.pitcrew.workers.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Starts the workers through a Temporal that may not answer yet. {@code WorkerFactory.start()} describes the
 * namespace first; an engine still warming up (the in-process one right after boot, a cluster during a rollout)
 * answers UNAVAILABLE or DEADLINE_EXCEEDED, and failing the whole process on that first blip turns a second of
 * lag into a crash loop. Those codes are retried with backoff for a bounded window; anything else (an unknown
 * namespace, bad credentials) is a configuration error and fails at once.
 */
final class WorkerStartRetry {
  private static final Logger log = LoggerFactory.getLogger(WorkerStartRetry.class);
  private static final Set<Status.Code> TRANSIENT =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

  private final Duration window;
  private final RetryTemplate retry;

  /**
   * @param window how long to keep trying before giving up
   * @param firstDelay the pause before the first retry; it doubles up to 5 s
   */
  WorkerStartRetry(Duration window, Duration firstDelay) {
    this.window = window;
    this.retry =
        new RetryTemplate(
            RetryPolicy.builder()
                .predicate(WorkerStartRetry::isTransient)
                .maxRetries(Long.MAX_VALUE)
                .timeout(window)
                .delay(firstDelay)
                .multiplier(2)
                .maxDelay(Duration.ofSeconds(5))
                .build());
    this.retry.setRetryListener(
        new RetryListener() {
          @Override
          public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
            log.warn("Temporal did not answer while starting the workers ({}); retry {} within {}",
                describe(state.getLastException()), state.getRetryCount(), window);
          }
        });
  }

  /** Runs {@code start}, retrying transient Temporal errors; throws the last error once the window is over. */
  void run(Runnable start) {
    try {
      retry.execute(() -> {
        start.run();
        return null;
      });
    } catch (RetryException e) {
      Throwable last = e.getLastException() != null ? e.getLastException() : e.getCause();
      if (!isTransient(last) && last instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(
          "Temporal did not answer within " + window + " while starting the workers (" + describe(last)
              + "); check that the engine is running and PITCREW_TEMPORAL_WORKER_STARTRETRYWINDOW", last);
    }
  }

  static boolean isTransient(Throwable failure) {
    return failure instanceof StatusRuntimeException e && TRANSIENT.contains(e.getStatus().getCode());
  }

  private static String describe(Throwable failure) {
    return failure instanceof StatusRuntimeException e ? e.getStatus().getCode().toString() : String.valueOf(failure);
  }
}
