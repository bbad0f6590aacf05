package dev.pitcrew.benchmarks.throughput;

import dev.pitcrew.benchmarks.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Completed runs per second of a workload: {@code runs} "activity, then a 1 s timer" workflows started by
 * {@code starters} concurrent callers, timed from the first start to the last end. Pitcrew and the bare SDK are
 * measured alternately in the same run, after one warm-up round each, and compared as a ratio.
 */
public final class ThroughputBenchmark {
  private static final int HOLD_SECONDS = 1;

  private final int runs;
  private final int starters;
  private final int rounds;

  public ThroughputBenchmark(int runs, int starters, int rounds) {
    this.runs = runs;
    this.starters = starters;
    this.rounds = rounds;
  }

  public double compare(Workload pitcrew, Workload baseline, Report report) {
    rate(baseline, Math.max(5, runs / 5));
    rate(pitcrew, Math.max(5, runs / 5));
    List<Double> ratios = new ArrayList<>();
    double lastPitcrew = 0;
    double lastBaseline = 0;
    for (int round = 1; round <= rounds; round++) {
      lastBaseline = rate(baseline, runs);
      lastPitcrew = rate(pitcrew, runs);
      ratios.add(lastPitcrew / lastBaseline);
      report.line(String.format(java.util.Locale.ROOT,
          "throughput round %d: %s %.1f runs/s, %s %.1f runs/s (%d runs, %d concurrent starters)",
          round, baseline.name(), lastBaseline, pitcrew.name(), lastPitcrew, runs, starters));
    }
    double median = ratios.stream().sorted().toList().get(ratios.size() / 2);
    report.figure("throughput.baseline.runsPerSecond", lastBaseline, "runs/s", baseline.name() + ", last round");
    report.figure("throughput.pitcrew.runsPerSecond", lastPitcrew, "runs/s", pitcrew.name() + ", last round");
    report.figure("throughput.ratio", median, "x", "Pitcrew / bare SDK, median of " + rounds + " rounds; goal >= 0.9");
    return median;
  }

  /** Runs per second from the first start to the last end. */
  double rate(Workload workload, int count) {
    ExecutorService callers = Executors.newFixedThreadPool(starters);
    try {
      long started = System.nanoTime();
      List<Future<CompletableFuture<?>>> starts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        starts.add(callers.submit(() -> workload.startOne(HOLD_SECONDS)));
      }
      List<CompletableFuture<?>> ends = new ArrayList<>();
      for (Future<CompletableFuture<?>> start : starts) {
        ends.add(start.get(5, TimeUnit.MINUTES));
      }
      CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      return count / ((System.nanoTime() - started) / 1e9);
    } catch (Exception e) {
      throw new IllegalStateException(workload.name() + " did not finish its runs", e);
    } finally {
      callers.shutdownNow();
    }
  }
}
