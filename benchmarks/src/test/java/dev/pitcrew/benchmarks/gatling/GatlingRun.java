package dev.pitcrew.benchmarks.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@link ApiLoadSimulation} in a child JVM on this class path against a server that is already up, the way
 * the Gatling Maven plugin runs it ({@code io.gatling.app.Gatling}); the smoke test uses it so the simulation
 * cannot rot between full benchmark runs.
 */
public final class GatlingRun {
  private GatlingRun() {}

  /** @return the report's directory (with index.html) */
  public static Path against(String baseUrl, Path resultsFolder) throws IOException, InterruptedException {
    Files.createDirectories(resultsFolder);
    Path log = resultsFolder.resolve("gatling.log");
    Process gatling = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // What the Gatling plugin passes by default: Gatling reads JDK internals.
        "-Xmx1G", "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        "-Dpitcrew.bench.url=" + baseUrl,
        "-Dpitcrew.bench.mode=smoke",
        "io.gatling.app.Gatling",
        "--simulation", ApiLoadSimulation.class.getName(),
        "--results-folder", resultsFolder.toAbsolutePath().toString(),
        "--launcher", "maven"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!gatling.waitFor(5, TimeUnit.MINUTES)) {
      gatling.destroyForcibly();
      throw new IllegalStateException("Gatling did not finish within 5 minutes; see " + log);
    }
    // Exit 2 is "assertions failed": a goal missed on a busy machine, not a broken harness.
    if (gatling.exitValue() != 0 && gatling.exitValue() != 2) {
      throw new IllegalStateException("Gatling exited with " + gatling.exitValue() + "; see " + log);
    }
    // Gatling's verdict on each goal, as it printed it.
    try (Stream<String> lines = Files.lines(log)) {
      lines.filter(line -> line.contains(" of response time is ") || line.contains("percentage of failed events"))
          .forEach(line -> System.out.println("[gatling] " + line));
    }
    try (Stream<Path> runs = Files.list(resultsFolder)) {
      return runs.filter(dir -> Files.isRegularFile(dir.resolve("index.html"))).findFirst()
          .orElseThrow(() -> new IllegalStateException("Gatling wrote no report; see " + log));
    }
  }
}
