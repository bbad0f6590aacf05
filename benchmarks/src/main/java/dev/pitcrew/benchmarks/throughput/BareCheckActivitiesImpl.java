package dev.pitcrew.benchmarks.throughput;

/** Answers at once: the baseline measures the engine and the SDK, not a database. */
public class BareCheckActivitiesImpl implements BareCheckActivities {
  @Override
  public String probe() {
    return "ok";
  }
}
