package dev.pitcrew.activities.drill;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats for an activity that spends long in single SQL statements (counting, checksumming, assertions): a
 * background tick reports progress, and when Temporal answers that the run was cancelled (or the worker is
 * stopping) it aborts the connection, so the statement in flight ends at once instead of running to its end.
 */
final class Heartbeats implements AutoCloseable {
  private final ScheduledExecutorService ticker;
  private volatile ActivityCompletionException stopped;

  private Heartbeats(ActivityExecutionContext context, Duration interval, Connection connection) {
    this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("drill-heartbeat").factory());
    ticker.scheduleAtFixedRate(() -> {
      if (stopped != null) {
        return;
      }
      try {
        context.heartbeat(null);
      } catch (ActivityCompletionException stop) {
        stopped = stop;
        if (connection == null) {
          return;
        }
        try {
          connection.abort(Runnable::run);
        } catch (SQLException ignored) {
          // the connection is being closed either way
        }
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  static Heartbeats whileUsing(Connection connection, Duration interval) {
    return new Heartbeats(Activity.getExecutionContext(), interval, connection);
  }

  /**
   * Heartbeats while the activity waits on something without a connection (quick tool calls after a long one); a
   * cancellation is only noted, {@link #rethrowIfStopped} reports it.
   */
  static Heartbeats meanwhile(Duration interval) {
    return new Heartbeats(Activity.getExecutionContext(), interval, null);
  }

  /** Rethrows the cancellation (or worker shutdown) that aborted the connection, if that is why a statement failed. */
  void rethrowIfStopped() {
    if (stopped != null) {
      throw stopped;
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
