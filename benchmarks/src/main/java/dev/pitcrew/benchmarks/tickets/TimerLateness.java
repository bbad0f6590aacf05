package dev.pitcrew.benchmarks.tickets;

import dev.pitcrew.benchmarks.Percentiles;
import dev.pitcrew.benchmarks.PitcrewApi;
import dev.pitcrew.benchmarks.PitcrewServer;
import dev.pitcrew.benchmarks.Report;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How late timers fire on a loaded server: self-checks holding a timer, started while the tickets wait, and from
 * each history the time between when its timer was due ({@code TimerStarted} + its start-to-fire timeout) and
 * {@code TimerFired}. Read from the engine's own event times, so the client's delays do not count.
 */
public final class TimerLateness {
  private final int runs;
  private final int holdSeconds;

  public TimerLateness(int runs, int holdSeconds) {
    this.runs = runs;
    this.holdSeconds = holdSeconds;
  }

  public double p99(PitcrewServer server, Report report) throws Exception {
    PitcrewApi api = server.api();
    WorkflowClient engine = server.engine();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      HttpResponse<String> started = api.postRetrying("/api/v1/runs",
          "{\"type\":\"self-check\",\"input\":{\"label\":\"timer-lateness\",\"holdSeconds\":" + holdSeconds + "}}", 10);
      if (started.statusCode() != 201) {
        throw new IllegalStateException("Start answered " + started.statusCode() + ": " + started.body());
      }
      ids.add(PitcrewApi.field(started.body(), "workflowId"));
    }
    List<Long> lateness = new ArrayList<>();
    for (String id : ids) {
      engine.newUntypedWorkflowStub(id).getResultAsync(Object.class).get(10, TimeUnit.MINUTES);
      lateness.addAll(latenessMillis(engine.fetchHistory(id)));
    }
    Percentiles p = new Percentiles(lateness);
    report.figure("timers.latenessP99", p.at(99), "ms",
        p.count() + " timers of " + holdSeconds + " s; p50 " + p.at(50) + " ms, max " + p.max() + " ms; goal < 1000");
    return p.at(99);
  }

  static List<Long> latenessMillis(WorkflowExecutionHistory history) {
    Map<String, Long> dueAt = new HashMap<>();
    List<Long> lateness = new ArrayList<>();
    for (HistoryEvent event : history.getEvents()) {
      long at = event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
      if (event.hasTimerStartedEventAttributes()) {
        var started = event.getTimerStartedEventAttributes();
        long fireAfter = started.getStartToFireTimeout().getSeconds() * 1000
            + started.getStartToFireTimeout().getNanos() / 1_000_000;
        dueAt.put(started.getTimerId(), at + fireAfter);
      } else if (event.hasTimerFiredEventAttributes()) {
        Long due = dueAt.get(event.getTimerFiredEventAttributes().getTimerId());
        if (due != null) {
          lateness.add(Math.max(0, at - due));
        }
      }
    }
    return lateness;
  }
}
