package dev.pitcrew.activities.support;

import io.temporal.activity.Activity;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An activity lost with its worker before it could report, as one on a crashed pod is. */
public final class LostWorker {
  private LostWorker() {}

  /**
   * Holds the calling activity, heartbeating, until its worker stops (the heartbeat throws then, so nothing is
   * reported), and returns the failure to throw should {@code testOver} come first: {@code throw
   * LostWorker.holdUntilStopped(testOver, outcome);}.
   */
  public static IllegalStateException holdUntilStopped(CountDownLatch testOver, Object outcome) {
    try {
      while (!testOver.await(100, TimeUnit.MILLISECONDS)) {
        Activity.getExecutionContext().heartbeat(null); // throws ActivityWorkerShutdownException once it stops
      }
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
    return new IllegalStateException("the test ended before the worker was stopped: " + outcome);
  }
}
