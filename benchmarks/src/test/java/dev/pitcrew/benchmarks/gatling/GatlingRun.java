package dev.pitcrew.benchmarks.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@link ApiLoadSimulation} in a child JVM on this class path, the way the Gatling Maven plugin runs it
 * ({@code io.gatling.app.Gatling}): against a server that is already up (the smoke test, so the simulation cannot
 * rot between full benchmark runs), or at full sizes against a server of its own ({@code ./pitcrew bench --gatling},
 * which needs no plugin download).
 */
public final class GatlingRun {
  private GatlingRun() {}

  /** @return the report's directory (with index.html) */
  public static Path against(String baseUrl, Path resultsFolder) throws IOException, InterruptedException {
    return run(resultsFolder, List.of("-Dpitcrew.bench.url=" + baseUrl, "-Dpitcrew.bench.mode=smoke"),
        Duration.ofMinutes(5));
  }

  /**
   * The scenario at full sizes (or those given as {@code pitcrew.bench.*} system properties here) against a server
   * the simulation starts from the packaged jar, with this JVM's server options and settings.
   *
   * @return the report's directory (with index.html)
   */
  public static Path ownServer(Path resultsFolder, Path serverLogs) throws IOException, InterruptedException {
    List<String> properties = new ArrayList<>(List.of("-Dpitcrew.bench.mode=full",
        "-Dpitcrew.bench.report=" + serverLogs.getParent().toAbsolutePath()));
    for (String name : List.of("pitcrew.bench.serverJar", "pitcrew.bench.users", "pitcrew.bench.rampSeconds",
        "pitcrew.bench.readRate", "pitcrew.bench.readSeconds", "pitcrew.bench.gatlingWarmUp", "pitcrew.bench.serverJvmOptions",
        "pitcrew.bench.serverArguments")) {
      String value = System.getProperty(name);
      if (value != null) {
        properties.add("-D" + name + "=" + value);
      }
    }
    return run(resultsFolder, properties, Duration.ofMinutes(30));
  }

  private static Path run(Path resultsFolder, List<String> properties, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(resultsFolder);
    Path log = resultsFolder.resolve("gatling.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // What the Gatling plugin passes by default: Gatling reads JDK internals.
        "-Xmx1G", "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path")));
    command.addAll(properties);
    command.addAll(List.of(
        "io.gatling.app.Gatling",
        "--simulation", ApiLoadSimulation.class.getName(),
        "--results-folder", resultsFolder.toAbsolutePath().toString(),
        "--launcher", "maven"));
    Process gatling = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!gatling.waitFor(timeout.toMinutes(), TimeUnit.MINUTES)) {
      gatling.destroyForcibly();
      throw new IllegalStateException("Gatling did not finish within " + timeout.toMinutes() + " minutes; see " + log);
    }
    // Exit 2 is "assertions failed": a goal missed on a busy machine, not a broken harness.
    if (gatling.exitValue() != 0 && gatling.exitValue() != 2) {
      throw new IllegalStateException("Gatling exited with " + gatling.exitValue() + "; see " + log);
    }
    // Gatling's verdict on each goal, as it printed it.
    try (Stream<String> lines = Files.lines(log)) {
      lines.filter(line -> line.contains(" of response time is ") || line.contains("percentage of failed events")
              || line.startsWith("[cpu]") || line.startsWith("[warm-up]"))
          .forEach(line -> System.out.println("[gatling] " + line));
    }
    try (Stream<Path> runs = Files.list(resultsFolder)) {
      return runs.filter(dir -> Files.isRegularFile(dir.resolve("index.html")))
          .max(Comparator.comparing(dir -> dir.getFileName().toString()))
          .orElseThrow(() -> new IllegalStateException("Gatling wrote no report; see " + log));
    }
  }
}
