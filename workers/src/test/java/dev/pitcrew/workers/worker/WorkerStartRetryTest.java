package dev.pitcrew.workers.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerStartRetryTest {

  /** Stands in for WorkerFactory.start(): the namespace describe fails the first {@code failures} times. */
  private static final class FlakyStart implements Runnable {
    private final int failures;
    private final Status status;
    final AtomicInteger calls = new AtomicInteger();

    FlakyStart(int failures, Status status) {
      this.failures = failures;
      this.status = status;
    }

    @Override
    public void run() {
      if (calls.incrementAndGet() <= failures) {
        throw new StatusRuntimeException(status);
      }
    }
  }

  @Test
  void aTemporalThatTimesOutTwiceThenAnswersStartsTheWorkers() {
    FlakyStart start = new FlakyStart(2, Status.DEADLINE_EXCEEDED);

    new WorkerStartRetry(Duration.ofSeconds(10), Duration.ofMillis(10)).run(start);

    assertThat(start.calls).hasValue(3);
  }

  @Test
  void aTemporalThatNeverAnswersFailsStartUpAfterTheWindowNamingTheSetting() {
    FlakyStart start = new FlakyStart(Integer.MAX_VALUE, Status.UNAVAILABLE);
    long began = System.nanoTime();

    assertThatThrownBy(() -> new WorkerStartRetry(Duration.ofMillis(300), Duration.ofMillis(20)).run(start))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UNAVAILABLE")
        .hasMessageContaining("PITCREW_TEMPORAL_WORKER_STARTRETRYWINDOW")
        .hasCauseInstanceOf(StatusRuntimeException.class);

    assertThat(start.calls.get()).isGreaterThan(1);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aConfigurationErrorIsNotRetried() {
    FlakyStart start = new FlakyStart(Integer.MAX_VALUE, Status.NOT_FOUND.withDescription("namespace nope"));

    assertThatThrownBy(() -> new WorkerStartRetry(Duration.ofSeconds(10), Duration.ofMillis(10)).run(start))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("NOT_FOUND");

    assertThat(start.calls).hasValue(1);
  }
}
