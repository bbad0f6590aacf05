package dev.pitcrew.benchmarks;

import dev.pitcrew.benchmarks.gatling.GatlingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Gatling scenario alone ({@code ./pitcrew bench --gatling}) on a fresh server of its own, without the
 * Gatling Maven plugin: minutes at {@code -Dpitcrew.bench.users=3000 -Dpitcrew.bench.rampSeconds=90} (the full run's
 * arrival rate), for comparing two builds. The server is warmed first ({@code -Dpitcrew.bench.gatlingWarmUp}, 0 for
 * a cold server; reported on its own {@code [warm-up]} lines). Reports Gatling's verdicts and the CPU per request;
 * asserts nothing.
 */
@Tag("benchmark")
class GatlingIT {

  @Test
  void measure() throws Exception {
    Path dir = Path.of(System.getProperty("pitcrew.bench.report", "target/benchmarks"), "gatling-alone");
    Path serverLogs = dir.resolve("gatling-server");
    Path report = GatlingRun.ownServer(dir.resolve("gatling"), serverLogs);
    String cpu = Files.isRegularFile(serverLogs.resolve("cpu.txt")) ? Files.readString(serverLogs.resolve("cpu.txt")) : "";
    Files.writeString(dir.resolve("report.md"), "# Gatling alone\n\n" + cpu + "\nGatling report: " + report
        + "/index.html\n");
  }
}
