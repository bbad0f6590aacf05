package dev.pitcrew.benchmarks.throughput;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface BareCheckActivities {
  String probe();
}
