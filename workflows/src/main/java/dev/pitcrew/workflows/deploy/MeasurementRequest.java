package dev.pitcrew.workflows.deploy;

public record MeasurementRequest(AnalysisMetric metric, MeasurementTarget target) {}
