package dev.pitcrew.workflows.deploy;

import java.util.List;

/** One analysis of one deployment; {@code phase} is null while it runs. */
public record AnalysisRun(AnalysisStage stage, MeasurementPhase phase, List<MetricResult> metrics) {}
