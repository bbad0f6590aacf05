package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.drill.DrillReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The drill gauges Prometheus scrapes, per drill: {@code pitcrew_drill_rto_seconds} and
 * {@code pitcrew_drill_rpo_seconds} of the last verified run, {@code pitcrew_drill_last_success_timestamp_seconds}
 * and {@code pitcrew_drill_backup_age_seconds} (of the backup the last run started from). Alert on the last
 * success getting old, not only on failures: a drill that stopped running fails nothing.
 */
@Component
public class DrillMetrics {
  private record Latest(Double rto, Double rpo, Double lastSuccess, Double backupAge) {}

  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Latest>> drills = new ConcurrentHashMap<>();

  public DrillMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void recorded(DrillReport report) {
    AtomicReference<Latest> latest = drills.computeIfAbsent(report.drill(), this::register);
    Double succeededAt = report.passed() ? Double.valueOf(report.finishedAtMillis() / 1000.0) : null;
    latest.updateAndGet(previous -> new Latest(
        firstOf(report.rtoSeconds(), previous.rto()),
        firstOf(report.rpoSeconds(), previous.rpo()),
        firstOf(succeededAt, previous.lastSuccess()),
        firstOf(report.backupAgeSeconds(), previous.backupAge())));
  }

  private static Double firstOf(Double newer, Double older) {
    return newer != null ? newer : older;
  }

  private AtomicReference<Latest> register(String drill) {
    AtomicReference<Latest> latest = new AtomicReference<>(new Latest(null, null, null, null));
    gauge("pitcrew.drill.rto.seconds", "Restore start to verified, last verified run", drill, latest,
        l -> l.rto());
    gauge("pitcrew.drill.rpo.seconds", "Age of the restored point when verified, last verified run", drill, latest,
        l -> l.rpo());
    gauge("pitcrew.drill.last.success.timestamp.seconds", "When the drill last passed (Unix time)", drill, latest,
        l -> l.lastSuccess());
    gauge("pitcrew.drill.backup.age.seconds", "Age of the backup the last run started from", drill, latest,
        l -> l.backupAge());
    return latest;
  }

  private void gauge(String name, String description, String drill, AtomicReference<Latest> latest,
      java.util.function.Function<Latest, Double> value) {
    Gauge.builder(name, latest, l -> {
          Double v = value.apply(l.get());
          return v == null ? Double.NaN : v;
        })
        .description(description)
        .tag("drill", drill)
        .register(registry);
  }
}
