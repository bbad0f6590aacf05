package dev.pitcrew.benchmarks;

import dev.pitcrew.benchmarks.alerts.AlertStormBenchmark;
import dev.pitcrew.benchmarks.startup.StartupBenchmark;
import dev.pitcrew.benchmarks.throughput.BareSdkProgram;
import dev.pitcrew.benchmarks.throughput.PitcrewSelfChecks;
import dev.pitcrew.benchmarks.throughput.ThroughputBenchmark;
import dev.pitcrew.benchmarks.tickets.TicketScaleBenchmark;
import dev.pitcrew.benchmarks.tickets.TimerLateness;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One benchmark run: start-up with and without the AOT cache (full size only: five starts), then against one
 * server: its first start, throughput against the bare SDK, the alert storm, then the
 * ticket scale with timer lateness measured while every ticket waits. Figures go to {@code report.md}.
 */
public final class BenchmarkSuite {
  private BenchmarkSuite() {}

  /** Something more to measure on the same server once the suite's own figures are in (the smoke's Gatling run). */
  public interface AlsoOnThisServer {
    void measure(PitcrewServer server, Report report) throws Exception;
  }

  public static Report run(BenchmarkSizes sizes, Path reportDirectory) throws Exception {
    return run(sizes, reportDirectory, (server, report) -> {});
  }

  /**
   * The alert storm alone, on a server of its own: what {@code ./pitcrew bench --alerts} measures, so the path from
   * an alert to its page can be compared before and after a change in minutes rather than an hour. A warm-up storm
   * (as many alerts, {@code -Dpitcrew.bench.alertWarmUp=N}, 0 for none) is paged, resolved and waited out first.
   */
  public static Report alertStorm(BenchmarkSizes sizes, Path reportDirectory) throws Exception {
    Report report = new Report(reportDirectory, sizes.mode() + ", alert storm only, server " + PitcrewServer.serverJar());
    try (AlertStormBenchmark storm =
            new AlertStormBenchmark(sizes.alerts(), sizes.alertWindowSeconds(), sizes.ticketDrainTimeoutSeconds());
        PitcrewServer server = PitcrewServer.start(reportDirectory, storm.serverArguments())) {
      // A fresh server is cold (nothing compiled, no pool or cache filled): warmed as a running server is, as the
      // full run warms its storm too.
      storm.warmUp(server, report, Integer.getInteger("pitcrew.bench.alertWarmUp", sizes.alerts()));
      report.line("load average before the measured storm: " + Machine.loadAverage());
      storm.run(server, report);
      report.line("load average at end: " + Machine.loadAverage());
    }
    return report;
  }

  /** The ticket drain alone on a fresh server ({@code ./pitcrew bench --tickets}): before/after comparisons. */
  public static Report ticketDrain(BenchmarkSizes sizes, Path reportDirectory) throws Exception {
    Report report = new Report(reportDirectory, sizes.mode() + ", ticket drain only, server " + PitcrewServer.serverJar());
    try (PitcrewServer server = PitcrewServer.start(reportDirectory, List.of())) {
      new TicketScaleBenchmark(sizes.tickets(), sizes.ticketCallers(), sizes.ticketDrainTimeoutSeconds(),
          sizes.idleSeconds()).run(server, report);
      report.line("load average at end: " + Machine.loadAverage());
    }
    return report;
  }

  /**
   * Throughput alone ({@code ./pitcrew bench --throughput}): self-checks over REST against the bare SDK on a fresh
   * server, for before/after comparisons of the run path in minutes (run it alternately with
   * {@code -Dpitcrew.bench.serverJar=} pointing at the build before).
   */
  public static Report throughput(BenchmarkSizes sizes, Path reportDirectory) throws Exception {
    Report report = new Report(reportDirectory, sizes.mode() + ", throughput only, server " + PitcrewServer.serverJar());
    try (PitcrewServer server = PitcrewServer.start(reportDirectory, List.of())) {
      report.line("server pid " + server.pid() + " (jcmd " + server.pid() + " Thread.print), log "
          + reportDirectory.resolve("server.log"));
      try (BareSdkProgram baseline = new BareSdkProgram()) {
        new ThroughputBenchmark(sizes.throughputRuns(), sizes.throughputStarters(), sizes.throughputRounds())
            .compare(new PitcrewSelfChecks(server), baseline, report, cpuOfEveryProcess(server));
      }
      report.line("load average at end: " + Machine.loadAverage());
    }
    return report;
  }

  /** Start-up alone ({@code ./pitcrew bench --startup}): first start, warm restart without and with the AOT cache. */
  public static Report startup(Path reportDirectory) throws Exception {
    Report report = new Report(reportDirectory, "startup only, server " + PitcrewServer.serverJar());
    new StartupBenchmark().run(reportDirectory.resolve("startup"), report);
    report.line("load average at end: " + Machine.loadAverage());
    return report;
  }

  /** The harness (load generator and bare-SDK baseline), the server's JVM and its PostgreSQL. */
  private static Map<String, LongSupplier> cpuOfEveryProcess(PitcrewServer server) {
    Map<String, LongSupplier> processes = new LinkedHashMap<>();
    processes.put("harness", ProcessCpu::ofThisProcess);
    processes.put("server", server::cpuMillis);
    processes.put("PostgreSQL", server::postgresCpuMillis);
    return processes;
  }

  public static Report run(BenchmarkSizes sizes, Path reportDirectory, AlsoOnThisServer also) throws Exception {
    Report report = new Report(reportDirectory, sizes.mode());
    if (sizes.startup()) {
      new StartupBenchmark().run(reportDirectory.resolve("startup"), report);
    }
    try (AlertStormBenchmark storm =
            new AlertStormBenchmark(sizes.alerts(), sizes.alertWindowSeconds(), sizes.ticketDrainTimeoutSeconds());
        PitcrewServer server = PitcrewServer.start(reportDirectory, storm.serverArguments())) {
      report.figure("startup.firstStartToReadySeconds", server.startup().toMillis() / 1000.0, "s",
          "fresh data directory: PostgreSQL initdb, migrations, engine; process start to readiness UP");
      try (BareSdkProgram baseline = new BareSdkProgram()) {
        new ThroughputBenchmark(sizes.throughputRuns(), sizes.throughputStarters(), sizes.throughputRounds())
            .compare(new PitcrewSelfChecks(server), baseline, report, cpuOfEveryProcess(server));
      }
      // The throughput rounds warm the run path, not the alert path (webhook, door, PagerDuty client): without a
      // warm-up storm the measured one is the server's first, compiled and connected while it is measured (quiet
      // 2026-12-02: p95 1.09 s cold against 0.19 s warmed). The full run warms it as --alerts does; the warm-up's
      // own (cold) figures stay in the report under warmUp.*. The smoke run keeps its few alerts cold.
      storm.warmUp(server, report, Integer.getInteger("pitcrew.bench.alertWarmUp",
          "full".equals(sizes.mode()) ? sizes.alerts() : 0));
      storm.run(server, report);
      new TicketScaleBenchmark(sizes.tickets(), sizes.ticketCallers(), sizes.ticketDrainTimeoutSeconds(),
          sizes.idleSeconds()).run(server, report);
      new TimerLateness(sizes.timerRuns(), sizes.timerHoldSeconds()).p99(server, report);
      also.measure(server, report);
      report.line("load average at end: " + Machine.loadAverage());
    }
    return report;
  }
}
