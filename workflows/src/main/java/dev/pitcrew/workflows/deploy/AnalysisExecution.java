package dev.pitcrew.workflows.deploy;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One analysis: every metric measured on its own durable schedule, concurrently; the first failing metric stops
 * the others. Its progress is visible through {@link #snapshot()} while it runs. Workflow code only.
 */
final class AnalysisExecution {
  private final AnalysisStage stage;
  private final AnalysisSpec spec;
  private final MeasurementTarget target;
  private final AnalysisActivities analysis;
  private final Map<String, List<Measurement>> measurements = new LinkedHashMap<>();
  private final Map<String, MeasurementPhase> metricPhases = new LinkedHashMap<>();
  private boolean failed;
  private MeasurementPhase phase;

  AnalysisExecution(AnalysisStage stage, AnalysisSpec spec, MeasurementTarget target, AnalysisActivities analysis) {
    this.stage = stage;
    this.spec = spec;
    this.target = target;
    this.analysis = analysis;
    spec.metrics().forEach(m -> measurements.put(m.name(), new ArrayList<>()));
  }

  /** Failed if any metric failed or could not be measured, else Inconclusive if any was, else Successful. */
  MeasurementPhase run() {
    List<Promise<MeasurementPhase>> running = new ArrayList<>();
    for (AnalysisMetric metric : spec.metrics()) {
      running.add(Async.function(() -> measure(metric)));
    }
    Promise.allOf(running).get();
    List<MeasurementPhase> verdicts = running.stream().map(Promise::get).toList();
    if (verdicts.contains(MeasurementPhase.FAILED) || verdicts.contains(MeasurementPhase.ERROR)) {
      phase = MeasurementPhase.FAILED;
    } else if (verdicts.contains(MeasurementPhase.INCONCLUSIVE)) {
      phase = MeasurementPhase.INCONCLUSIVE;
    } else {
      phase = MeasurementPhase.SUCCESSFUL;
    }
    return phase;
  }

  AnalysisRun snapshot() {
    List<MetricResult> metrics = new ArrayList<>();
    measurements.forEach(
        (name, taken) -> metrics.add(new MetricResult(name, metricPhases.get(name), List.copyOf(taken))));
    return new AnalysisRun(stage, phase, metrics);
  }

  private MeasurementPhase measure(AnalysisMetric metric) {
    List<Measurement> taken = measurements.get(metric.name());
    int failures = 0;
    int inconclusive = 0;
    int consecutiveErrors = 0;
    MeasurementPhase verdict = MeasurementPhase.SUCCESSFUL;
    for (int i = 0; i < metric.effectiveCount(); i++) {
      boolean anotherMetricFailed =
          i > 0 && Workflow.await(Duration.ofSeconds(metric.effectiveIntervalSeconds()), () -> failed);
      if (anotherMetricFailed) {
        break;
      }
      Measurement measurement = takeMeasurement(metric);
      taken.add(measurement);
      switch (measurement.phase()) {
        case SUCCESSFUL -> consecutiveErrors = 0;
        case FAILED -> { failures++; consecutiveErrors = 0; }
        case INCONCLUSIVE -> { inconclusive++; consecutiveErrors = 0; }
        case ERROR -> consecutiveErrors++;
      }
      if (failures > metric.effectiveFailureLimit()) {
        verdict = MeasurementPhase.FAILED;
      } else if (consecutiveErrors > metric.effectiveConsecutiveErrorLimit()) {
        verdict = MeasurementPhase.ERROR;
      } else if (inconclusive > metric.effectiveInconclusiveLimit()) {
        verdict = MeasurementPhase.INCONCLUSIVE;
      }
      if (verdict != MeasurementPhase.SUCCESSFUL) {
        break;
      }
    }
    if (verdict == MeasurementPhase.FAILED || verdict == MeasurementPhase.ERROR) {
      failed = true;
    }
    metricPhases.put(metric.name(), verdict);
    return verdict;
  }

  private Measurement takeMeasurement(AnalysisMetric metric) {
    try {
      return analysis.measure(new MeasurementRequest(metric, target));
    } catch (ActivityFailure failure) {
      if (Cancellations.isCancellation(failure)) {
        throw failure;
      }
      // A worker that cannot run the measurement at all counts against the error limit like an unreachable target.
      return new Measurement(MeasurementPhase.ERROR, null, "Measurement failed: " + Cancellations.rootMessage(failure));
    }
  }
}
