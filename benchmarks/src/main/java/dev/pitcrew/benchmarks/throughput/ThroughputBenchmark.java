package dev.pitcrew.benchmarks.throughput;

import dev.pitcrew.benchmarks.Machine;
import dev.pitcrew.benchmarks.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

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

  /**
   * @param cpuMillis CPU time used so far by each process the two workloads run in, by name (this JVM with the
   *     baseline and the load generator, the server's JVM, its PostgreSQL): per run, it tells a workload that is
   *     slower because it costs more from one that waits more, and which process spends it
   */
  public double compare(Workload pitcrew, Workload baseline, Report report, Map<String, LongSupplier> cpuMillis) {
    rate(baseline, Math.max(5, runs / 5));
    rate(pitcrew, Math.max(5, runs / 5));
    List<Double> ratios = new ArrayList<>();
    Round lastPitcrew = null;
    Round lastBaseline = null;
    for (int round = 1; round <= rounds; round++) {
      lastBaseline = round(baseline, cpuMillis);
      lastPitcrew = round(pitcrew, cpuMillis);
      ratios.add(lastPitcrew.runsPerSecond() / lastBaseline.runsPerSecond());
      report.line(String.format(Locale.ROOT,
          "throughput round %d: %s %.1f runs/s (%.1f ms CPU a run: %s), %s %.1f runs/s (%.1f ms CPU a run: %s),"
              + " ratio %.3f (%d runs, %d concurrent starters) [load %s]",
          round, baseline.name(), lastBaseline.runsPerSecond(), lastBaseline.cpuMillisPerRun(),
          lastBaseline.cpuByProcess(), pitcrew.name(), lastPitcrew.runsPerSecond(), lastPitcrew.cpuMillisPerRun(),
          lastPitcrew.cpuByProcess(), ratios.getLast(), runs, starters, Machine.loadAverage()));
    }
    double median = ratios.stream().sorted().toList().get(ratios.size() / 2);
    report.figure("throughput.baseline.runsPerSecond", lastBaseline.runsPerSecond(), "runs/s",
        baseline.name() + ", last round");
    report.figure("throughput.pitcrew.runsPerSecond", lastPitcrew.runsPerSecond(), "runs/s",
        pitcrew.name() + ", last round");
    report.figure("throughput.baseline.cpuPerRun", lastBaseline.cpuMillisPerRun(), "ms",
        "CPU of every process involved per run, last round");
    report.figure("throughput.pitcrew.cpuPerRun", lastPitcrew.cpuMillisPerRun(), "ms",
        "CPU of every process involved (harness, server, its PostgreSQL) per run, last round");
    report.figure("throughput.ratio", median, "x", "Pitcrew / bare SDK, median of " + rounds + " rounds; goal >= 0.9");
    return median;
  }

  /** One measured round: its rate, and the CPU it cost per run, in all and by process. */
  record Round(double runsPerSecond, double cpuMillisPerRun, String cpuByProcess) {}

  private Round round(Workload workload, Map<String, LongSupplier> cpuMillis) {
    Map<String, Long> before = new LinkedHashMap<>();
    cpuMillis.forEach((process, cpu) -> before.put(process, cpu.getAsLong()));
    double rate = rate(workload, runs);
    double total = 0;
    StringJoiner byProcess = new StringJoiner(", ");
    for (Map.Entry<String, LongSupplier> process : cpuMillis.entrySet()) {
      double perRun = (process.getValue().getAsLong() - before.get(process.getKey())) / (double) runs;
      total += perRun;
      byProcess.add(String.format(Locale.ROOT, "%s %.1f", process.getKey(), perRun));
    }
    return new Round(rate, total, byProcess.toString());
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
