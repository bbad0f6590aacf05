package dev.pitcrew.workers.worker;

import dev.pitcrew.workers.temporal.TemporalEndpoint;
import dev.pitcrew.workers.temporal.TemporalProperties.StickyMode;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the worker asks the engine to send a run's next workflow task to its own sticky queue (where the run is
 * cached) or to the shared task queue (where any worker replays the history).
 *
 * <p>A real Temporal server gives a sticky task to the shared queue when the worker does not pick it up within the
 * sticky schedule-to-start timeout (5 s), so a worker that died costs a run five seconds. Temporal's Java test server
 * does neither that nor {@code ResetStickyTaskQueue}: once a worker completed a task with sticky attributes, every
 * later task of that run goes to that worker's sticky queue ({@code <identity>:<random UUID>}, new on every start)
 * and waits there for ever when the worker died. Inside Pitcrew's own process that cannot happen (engine and worker
 * die together); against a test server run as its own process (the way to keep workflow state across a Pitcrew
 * crash without the {@code temporal} CLI) every run in flight when Pitcrew was killed would stall. AUTO therefore
 * turns sticky execution off exactly there: a cluster target whose {@code GetSystemInfo} names no server version,
 * which only the test server answers.
 */
final class StickyExecution {
  private static final Logger log = LoggerFactory.getLogger(StickyExecution.class);

  private StickyExecution() {}

  /** True when workflow tasks may be routed to this worker's sticky queue. */
  static boolean enabled(StickyMode mode, TemporalEndpoint endpoint, WorkflowServiceStubs stubs, Duration deadline) {
    return switch (mode) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> {
        if (endpoint.embedded()) {
          yield true;
        }
        String version = stubs.blockingStub()
            .withDeadlineAfter(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
            .getServerVersion();
        if (version.isEmpty()) {
          log.warn("Temporal at {} names no server version: a Java test server run as its own process, which keeps "
              + "a dead worker's sticky tasks for ever. Sticky execution is off (every workflow task replays its "
              + "run's history) so runs go on after a Pitcrew crash; PITCREW_TEMPORAL_WORKER_STICKYEXECUTION=ON "
              + "overrides", endpoint.target());
          yield false;
        }
        yield true;
      }
    };
  }
}
