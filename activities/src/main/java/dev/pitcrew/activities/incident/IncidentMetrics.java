package dev.pitcrew.activities.incident;

import dev.pitcrew.workflows.incident.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Incident response metrics. Each is recorded once per fact: callers only report a fact the database did not
 * hold yet, so activity retries never count twice.
 */
@Component
public class IncidentMetrics {
  private final MeterRegistry registry;

  public IncidentMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void opened(String service, Severity severity, String source) {
    Counter.builder("pitcrew.incidents.opened")
        .description("Incidents opened")
        .tags("service", service, "severity", severity.name(), "source", source == null ? "unknown" : source)
        .register(registry)
        .increment();
  }

  public void acknowledged(String service, Severity severity, Duration timeToAcknowledge) {
    responseTime("pitcrew.incidents.mtta", "Time from opening to first acknowledgement", service, severity)
        .record(timeToAcknowledge);
  }

  public void resolved(String service, Severity severity, Duration timeToResolve) {
    responseTime("pitcrew.incidents.mttr", "Time from opening to resolution", service, severity).record(timeToResolve);
  }

  public void escalated(String service, int level) {
    Counter.builder("pitcrew.incidents.escalations")
        .description("Escalation levels paged")
        .tags("service", service, "level", Integer.toString(level))
        .register(registry)
        .increment();
  }

  private Timer responseTime(String name, String description, String service, Severity severity) {
    return Timer.builder(name)
        .description(description)
        .tags("service", service, "severity", severity.name())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(30))
        .maximumExpectedValue(Duration.ofDays(2))
        .register(registry);
  }
}
