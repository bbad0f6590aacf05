package dev.pitcrew.benchmarks.startup;

import dev.pitcrew.benchmarks.FreePorts;
import dev.pitcrew.benchmarks.Machine;
import dev.pitcrew.benchmarks.PitcrewServer;
import dev.pitcrew.benchmarks.PitcrewServer.Launch;
import dev.pitcrew.benchmarks.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Start-up to ready (readiness UP), the way {@code ./pitcrew run} starts: the jar extracted (Spring Boot's
 * {@code jarmode=tools}, which class data sharing needs), first on a fresh data directory, then restarted on it
 * without and with the AOT cache (JDK 25, JEP 514/515) of a training run that ends once the server is ready
 * ({@code pitcrew.local.training-run}, as {@code ./pitcrew run} makes it). Each start is reported with its CPU
 * time (server JVM and PostgreSQL, up to readiness) and the load average when it ended.
 *
 * <p>With {@code -Dpitcrew.bench.baselineJar=<jar>} a second build (e.g. main's jar copied aside) is prepared the
 * same way and every warm restart alternates between the two, so both builds meet the same minutes of a shared
 * machine.
 */
public final class StartupBenchmark {
  /** Warm restarts of each kind; the median is the figure (one start is one sample of a noisy machine). */
  private static final int RESTARTS = Integer.getInteger("pitcrew.bench.restarts", 3);

  /** Warm restarts without the cache (0 skips them: the cached restart is the figure with a goal). */
  private static final int RESTARTS_WITHOUT_CACHE = Integer.getInteger("pitcrew.bench.restartsWithoutCache", RESTARTS);

  /** One start: seconds from process start to readiness UP, its CPU seconds, the load average when it ended. */
  record Sample(double seconds, double cpuSeconds, String load) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f s/%.1f cpu-s @%s", seconds, cpuSeconds, load.split(" ")[0]);
    }
  }

  /** A build under measurement: its extracted jar, its data directory and its AOT cache. */
  private static final class Build {
    final String name;
    final Path jar;
    final Path workDirectory;
    Path app;
    Path data;
    Path cache;
    Sample first;
    double trainingSeconds;
    final List<Sample> warm = new ArrayList<>();
    final List<Sample> cached = new ArrayList<>();

    Build(String name, Path jar, Path workDirectory) {
      this.name = name;
      this.jar = jar;
      this.workDirectory = workDirectory;
    }
  }

  public void run(Path workDirectory, Report report) throws Exception {
    List<Build> builds = new ArrayList<>(List.of(new Build("", PitcrewServer.serverJar(), workDirectory)));
    String baselineJar = System.getProperty("pitcrew.bench.baselineJar");
    if (baselineJar != null && !baselineJar.isBlank()) {
      builds.add(new Build("baseline", Path.of(baselineJar), workDirectory.resolve("baseline")));
    }
    try {
      for (Build build : builds) {
        prepare(build);
      }
      for (int i = 1; i <= RESTARTS_WITHOUT_CACHE; i++) {
        for (Build build : builds) {
          build.warm.add(start(build, List.of(), "startup-warm-" + i + ".log"));
        }
      }
      for (int i = 1; i <= RESTARTS; i++) {
        for (Build build : builds) {
          build.cached.add(start(build, List.of("-XX:AOTCache=" + build.cache), "startup-warm-aot-" + i + ".log"));
        }
      }
      for (Build build : builds) {
        report(build, report);
      }
      if (builds.size() == 2) {
        report.figure("startup.warmRestartAotSecondsVsBaseline",
            median(builds.get(0).cached, Sample::seconds) / median(builds.get(1).cached, Sample::seconds), "x",
            "this build's median warm restart with the cache / the baseline's, alternating in the same minutes");
      }
    } finally {
      for (Build build : builds) {
        if (build.data != null) {
          PitcrewServer.delete(build.data);
        }
        PitcrewServer.delete(build.workDirectory.resolve("extracted"));
      }
    }
  }

  /** Extracts the jar, starts it on a fresh data directory, then trains its AOT cache. */
  private static void prepare(Build build) throws Exception {
    Path java = java();
    Path extracted = build.workDirectory.resolve("extracted");
    PitcrewServer.delete(extracted);
    Files.createDirectories(build.workDirectory);
    exec(build.workDirectory.resolve("extract.log"), java.toString(), "-Djarmode=tools", "-jar",
        build.jar.toString(), "extract", "--destination", extracted.toString());
    build.app = extracted.resolve(build.jar.getFileName());
    build.data = Files.createTempDirectory("pitcrew-startup");
    build.first = start(build, List.of(), "startup-first.log");

    build.cache = build.workDirectory.resolve("pitcrew.aot");
    Files.deleteIfExists(build.cache);
    Path trainingData = Files.createTempDirectory("pitcrew-training");
    long trainingStarted = System.nanoTime();
    try {
      List<String> training = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
          "-XX:+UseG1GC", "-XX:AOTCacheOutput=" + build.cache));
      if (!trainsToReadiness()) {
        training.add("-Dspring.context.exit=onRefresh");
      }
      training.addAll(List.of("-jar", build.app.toString(), "--server.port=0",
          "--pitcrew.local.data-dir=" + trainingData, "--pitcrew.local.engine=TEST_SERVER",
          "--pitcrew.local.temporal-port=" + FreePorts.next()));
      if (trainsToReadiness()) {
        training.add("--pitcrew.local.training-run=true");
      }
      exec(build.workDirectory.resolve("startup-training.log"), training.toArray(String[]::new));
    } finally {
      PitcrewServer.delete(trainingData);
    }
    build.trainingSeconds = (System.nanoTime() - trainingStarted) / 1e9;
    if (!Files.isRegularFile(build.cache)) {
      throw new IllegalStateException("The training run wrote no AOT cache; see " + build.workDirectory
          .resolve("startup-training.log"));
    }
  }

  private static void report(Build build, Report report) throws IOException {
    String prefix = build.name.isEmpty() ? "startup." : "startup." + build.name + ".";
    String of = build.name.isEmpty() ? "" : build.name + " " + build.jar + ": ";
    report.figure(prefix + "firstStartSeconds", build.first.seconds(), "s",
        of + "fresh data directory (initdb, migrations); " + build.first);
    if (!build.warm.isEmpty()) {
      report.figure(prefix + "warmRestartSeconds", median(build.warm, Sample::seconds), "s",
          of + "same data directory, no AOT cache; median of " + build.warm);
    }
    report.figure(prefix + "warmRestartAotSeconds", median(build.cached, Sample::seconds), "s", String.format(
        Locale.ROOT, "%ssame data directory, AOT cache of %d MiB from a %.0f s training run to %s; median of %s;"
            + " goal < 10 s when idle", of, Files.size(build.cache) / (1024 * 1024), build.trainingSeconds,
        trainsToReadiness() ? "readiness UP" : "onRefresh", build.cached));
    report.figure(prefix + "warmRestartAotCpuSeconds", median(build.cached, Sample::cpuSeconds), "cpu-s",
        of + "CPU time of the same starts (server JVM and PostgreSQL, up to readiness); median");
    if (!build.warm.isEmpty()) {
      report.figure(prefix + "aotSpeedup",
          median(build.warm, Sample::seconds) / median(build.cached, Sample::seconds), "x",
          of + "warm restart without / with the cache");
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

  private static Sample start(Build build, List<String> cacheOptions, String logName) {
    List<String> jvmOptions = new ArrayList<>(cacheOptions);
    jvmOptions.addAll(PitcrewServer.serverJvmOptions());
    try (PitcrewServer server = PitcrewServer.start(build.workDirectory, List.of(),
        new Launch(build.app, jvmOptions, build.data, logName))) {
      return new Sample(server.startup().toMillis() / 1000.0, server.startupCpuMillis() / 1000.0,
          Machine.loadAverage());
    }
  }

  private static double median(List<Sample> samples, Function<Sample, Double> figure) {
    List<Double> values = samples.stream().map(figure).sorted().collect(Collectors.toList());
    return values.get(values.size() / 2);
  }

  private static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
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
