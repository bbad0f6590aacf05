package dev.pitcrew.benchmarks.throughput;

import java.util.concurrent.CompletableFuture;

/** Something that runs "one activity, then a timer" workflows: Pitcrew's self-check, or the bare-SDK baseline. */
public interface Workload {
  String name();

  /** Starts one run; the future completes when the run has ended. */
  CompletableFuture<?> startOne(int holdSeconds);
}
