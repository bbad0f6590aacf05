package dev.pitcrew.workflows.drill;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Where a drill's outcome goes: its stored report and metrics, and the incident a failure opens. */
@ActivityInterface
public interface DrillReportActivities {

  /** Stores the report (idempotent per run) and updates the drill's Prometheus gauges. */
  @ActivityMethod(name = "DrillRecordReport")
  void record(DrillReport report);

  /**
   * Opens or joins the drill's incident through the incident family's intake (signal-with-start on the dedup
   * key's workflow) and answers the incident's workflow ID.
   */
  @ActivityMethod(name = "DrillOpenIncident")
  String openIncident(DrillIncident incident);
}
