package dev.pitcrew.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.pitcrew.benchmarks.gatling.GatlingRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The harness at smoke sizes, in {@code ./pitcrew test}: it must start the packaged server, drive every workload
 * and report every figure. It asserts that the harness works, not performance goals (the machine is shared).
 */
@Tag("smoke")
class BenchmarkSmokeIT {

  @Test
  void everyBenchmarkRunsAndReportsItsFigures() throws Exception {
    Path dir = Path.of(System.getProperty("pitcrew.bench.report", "target/benchmarks"), "smoke");
    Path[] gatlingReport = new Path[1];
    Report report = BenchmarkSuite.run(BenchmarkSizes.smoke(), dir, (server, r) -> {
      gatlingReport[0] = GatlingRun.against(server.baseUrl(), dir.resolve("gatling"));
      r.line("gatling report: " + gatlingReport[0]);
    });

    assertThat(report.figures()).containsKeys(
        "startup.firstStartToReadySeconds",
        "throughput.baseline.runsPerSecond", "throughput.pitcrew.runsPerSecond", "throughput.ratio",
        "alerts.paged", "alerts.alertToPageP95",
        "tickets.creationRate", "tickets.allWaitingSeconds", "tickets.heapPerWaitingTicket",
        "tickets.rssPerWaitingTicket", "tickets.idleCpuPercent", "tickets.serverCpuPerTicket", "timers.latenessP99");
    assertThat(report.figures().get("throughput.ratio")).isPositive();
    // Every alert paged and every ticket waiting: the harness saw the work through, whatever it cost.
    assertThat(report.figures().get("alerts.paged")).isEqualTo(BenchmarkSizes.smoke().alerts());
    assertThat(report.lines()).noneMatch(line -> line.startsWith("NOT DRAINED"));
    assertThat(report.figures().get("timers.latenessP99")).isNotNaN();
    assertThat(Files.readString(report.file())).contains("machine: nproc=", "throughput.ratio");
    // The load scenario ran every request of both scenarios and Gatling reported them.
    String stats = Files.readString(gatlingReport[0].resolve("index.html"));
    assertThat(stats).contains("list runs", "run detail", "incident detail", "ticket detail", "steer: incident note",
        "steady: list incidents");
  }
}
