package dev.pitcrew.workflows.deploy;

import java.util.List;

/** A metric's measurements so far and its verdict; {@code phase} is null while it is still being measured. */
public record MetricResult(String name, MeasurementPhase phase, List<Measurement> measurements) {}
