package dev.pitcrew.activities.sla;

import dev.pitcrew.workflows.sla.GoalState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * SLA metrics: open tickets by state (read from the ticket table at scrape time, so every API and worker process
 * reports the same), breaches by priority, and how late warnings and breaches ran after they were due.
 */
@Component
public class SlaMetrics {
  private final MeterRegistry registry;

  public SlaMetrics(MeterRegistry registry, JdbcClient jdbc) {
    this.registry = registry;
    for (GoalState state : GoalState.values()) {
      Gauge.builder("pitcrew.sla.open.tickets", () -> jdbc
              .sql("select count(*) from sla_tickets where not resolved and sla_state = ?")
              .param(state.name()).query(Long.class).single())
          .description("Open tickets by their most urgent SLA state")
          .tag("state", state.name())
          .register(registry);
    }
    registerLateness();
  }

  /** Registered up front so the lateness series (and the alert on it) exist before the first timer fires. */
  private void registerLateness() {
    for (String kind : new String[] {"warning", "breach"}) {
      latenessTimer(kind);
    }
  }

  public void breached(String priority, String goal) {
    Counter.builder("pitcrew.sla.breaches").tag("priority", priority).tag("goal", goal).register(registry).increment();
  }

  /** @param kind {@code warning} or {@code breach} */
  public void lateness(String kind, long dueAtMillis, long ranAtMillis) {
    latenessTimer(kind).record(Duration.ofMillis(Math.max(0, ranAtMillis - dueAtMillis)));
  }

  private Timer latenessTimer(String kind) {
    return Timer.builder("pitcrew.sla.timer.lateness")
        .description("How long after its due time a warning or breach action ran")
        .tag("kind", kind)
        .register(registry);
  }
}
