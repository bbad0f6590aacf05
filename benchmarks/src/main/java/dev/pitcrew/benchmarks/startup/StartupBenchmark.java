package dev.pitcrew.benchmarks.startup;

import dev.pitcrew.benchmarks.FreePorts;
import dev.pitcrew.benchmarks.PitcrewServer;
import dev.pitcrew.benchmarks.PitcrewServer.Launch;
import dev.pitcrew.benchmarks.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Start-up to ready (readiness UP), the way {@code ./pitcrew run} starts: the jar extracted (Spring Boot's
 * {@code jarmode=tools}, which class data sharing needs), first on a fresh data directory, then restarted on it
 * without and with the AOT cache (JDK 25, JEP 514/515) of a training run that ends once the server is ready
 * ({@code pitcrew.local.training-run}, as {@code ./pitcrew run} makes it).
 */
public final class StartupBenchmark {
  /** Warm restarts of each kind; the median is the figure (one start is one sample of a noisy machine). */
  private static final int RESTARTS = Integer.getInteger("pitcrew.bench.restarts", 3);

  public void run(Path workDirectory, Report report) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar = PitcrewServer.serverJar();
    Path extracted = workDirectory.resolve("extracted");
    PitcrewServer.delete(extracted);
    Files.createDirectories(workDirectory);
    exec(workDirectory.resolve("extract.log"), java.toString(), "-Djarmode=tools", "-jar", jar.toString(),
        "extract", "--destination", extracted.toString());
    Path app = extracted.resolve(jar.getFileName());
    Path data = Files.createTempDirectory("pitcrew-startup");
    try {
      Duration first = timeToReady(workDirectory, new Launch(app, List.of(), data, "startup-first.log"));
      List<Double> warm = new ArrayList<>();
      for (int i = 1; i <= RESTARTS; i++) {
        warm.add(seconds(timeToReady(workDirectory, new Launch(app, List.of(), data, "startup-warm-" + i + ".log"))));
      }

      Path cache = workDirectory.resolve("pitcrew.aot");
      Files.deleteIfExists(cache);
      Path trainingData = Files.createTempDirectory("pitcrew-training");
      long trainingStarted = System.nanoTime();
      try {
        List<String> training = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
            "-XX:+UseG1GC", "-XX:AOTCacheOutput=" + cache));
        if (!trainsToReadiness()) {
          training.add("-Dspring.context.exit=onRefresh");
        }
        training.addAll(List.of("-jar", app.toString(), "--server.port=0", "--pitcrew.local.data-dir=" + trainingData,
            "--pitcrew.local.engine=TEST_SERVER", "--pitcrew.local.temporal-port=" + FreePorts.next()));
        if (trainsToReadiness()) {
          training.add("--pitcrew.local.training-run=true");
        }
        exec(workDirectory.resolve("startup-training.log"), training.toArray(String[]::new));
      } finally {
        PitcrewServer.delete(trainingData);
      }
      double trainingSeconds = (System.nanoTime() - trainingStarted) / 1e9;
      if (!Files.isRegularFile(cache)) {
        throw new IllegalStateException("The training run wrote no AOT cache; see startup-training.log");
      }
      List<Double> cached = new ArrayList<>();
      for (int i = 1; i <= RESTARTS; i++) {
        cached.add(seconds(timeToReady(workDirectory,
            new Launch(app, List.of("-XX:AOTCache=" + cache), data, "startup-warm-aot-" + i + ".log"))));
      }

      report.figure("startup.firstStartSeconds", seconds(first), "s", "fresh data directory (initdb, migrations)");
      report.figure("startup.warmRestartSeconds", median(warm), "s",
          "same data directory, no AOT cache; median of " + warm);
      report.figure("startup.warmRestartAotSeconds", median(cached), "s", String.format(Locale.ROOT,
          "same data directory, AOT cache of %d MiB from a %.0f s training run to %s; median of %s; goal < 10 s when idle",
          Files.size(cache) / (1024 * 1024), trainingSeconds, trainsToReadiness() ? "readiness UP" : "onRefresh",
          cached));
      report.figure("startup.aotSpeedup", median(warm) / median(cached), "x", "warm restart without / with the cache");
    } finally {
      PitcrewServer.delete(data);
      PitcrewServer.delete(extracted);
    }
  }

  /**
   * How the training run ends: {@code ready} (the default, as {@code ./pitcrew run} trains since 2026-12-01: once
   * readiness answers UP) or {@code onRefresh} (Spring's {@code spring.context.exit=onRefresh}, as before; the only
   * way for a build from before, with {@code -Dpitcrew.bench.serverJar}).
   */
  private static boolean trainsToReadiness() {
    return !"onRefresh".equals(System.getProperty("pitcrew.bench.aotTraining", "ready"));
  }

  private static Duration timeToReady(Path logs, Launch launch) {
    try (PitcrewServer server = PitcrewServer.start(logs, List.of(), launch)) {
      return server.startup();
    }
  }

  private static double median(List<Double> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static void exec(Path log, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("Timed out: " + String.join(" ", command) + "; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("Exit " + process.exitValue() + ": " + String.join(" ", command) + "; see " + log);
    }
  }
}
