package dev.pitcrew.workflows.deploy;

import java.util.List;

/** The metrics of one analysis; they are measured concurrently and the analysis stops at the first failure. */
public record AnalysisSpec(List<AnalysisMetric> metrics) {
  public AnalysisSpec {
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
  }

  boolean isEmpty() {
    return metrics.isEmpty();
  }
}
