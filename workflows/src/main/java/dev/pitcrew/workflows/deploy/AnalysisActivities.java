package dev.pitcrew.workflows.deploy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Takes single measurements for deployment analysis; the workflow owns the schedule between them. */
@ActivityInterface
public interface AnalysisActivities {

  /**
   * Takes one measurement. A measurement that cannot be taken comes back as {@link MeasurementPhase#ERROR} rather
   * than failing the activity, so the metric's error limit decides, not activity retries.
   */
  @ActivityMethod(name = "MeasureDeploymentMetric")
  Measurement measure(MeasurementRequest request);
}
