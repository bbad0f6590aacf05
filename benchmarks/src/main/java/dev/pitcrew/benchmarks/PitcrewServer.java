package dev.pitcrew.benchmarks;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged Pitcrew server ({@code api/target/pitcrew-api-*.jar}) in local mode, started as its own process the
 * way {@code ./pitcrew run} starts it: embedded PostgreSQL and Temporal's in-process test server. Being a process
 * of its own, its heap, resident memory and CPU time are its own, not the load generator's.
 */
public final class PitcrewServer implements AutoCloseable {
  public static final String ADMIN_TOKEN = "pct_bench-admin-token-0123456789abcdefghijklmnop";
  public static final String ALERTMANAGER_TOKEN = "am-bench-token-5f2e";
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final Process process;
  private final Path dataDir;
  private final int httpPort;
  private final int temporalPort;
  private final int postgresPort;
  private final Duration startup;
  private final long startupCpuMillis;
  private final boolean removeDataOnClose;
  private final PitcrewApi api;
  private final Path logFile;
  private WorkflowServiceStubs stubs;

  private PitcrewServer(Process process, Path dataDir, int httpPort, int temporalPort, int postgresPort,
      Duration startup, long startupCpuMillis, boolean removeDataOnClose, Path logFile) {
    this.logFile = logFile;
    this.removeDataOnClose = removeDataOnClose;
    this.startupCpuMillis = startupCpuMillis;
    this.process = process;
    this.dataDir = dataDir;
    this.httpPort = httpPort;
    this.temporalPort = temporalPort;
    this.postgresPort = postgresPort;
    this.startup = startup;
    this.api = new PitcrewApi("http://127.0.0.1:" + httpPort, ADMIN_TOKEN);
  }

  /**
   * Starts the server and waits until its readiness probe answers UP.
   *
   * @param logDirectory where the server's output goes ({@code server.log})
   * @param extraArguments further {@code --name=value} settings (e.g. PagerDuty pointed at WireMock)
   */
  public static PitcrewServer start(Path logDirectory, List<String> extraArguments) {
    return start(logDirectory, extraArguments, new Launch(serverJar(), serverJvmOptions(), null, "server.log"));
  }

  /**
   * Extra JVM options for the measured server, {@code -Dpitcrew.bench.serverJvmOptions="..."} (space-separated),
   * e.g. {@code -XX:StartFlightRecording=filename=server.jfr,settings=profile} to profile it under the load. Likewise
   * {@code -Dpitcrew.bench.serverArguments="--name=value ..."} adds settings to every server the harness starts.
   */
  public static List<String> serverJvmOptions() {
    return words(System.getProperty("pitcrew.bench.serverJvmOptions", ""));
  }

  private static List<String> words(String spaceSeparated) {
    String words = spaceSeparated.strip();
    return words.isEmpty() ? List.of() : List.of(words.split("\\s+"));
  }

  /**
   * How to start it: which jar (the packaged one, or one extracted for an AOT cache), extra JVM options, and the
   * data directory (null: a fresh one, removed on close; given: kept, as a restart finds it).
   */
  public record Launch(Path jar, List<String> jvmOptions, Path dataDir, String logName) {}

  public static PitcrewServer start(Path logDirectory, List<String> extraArguments, Launch launch) {
    Path jar = launch.jar();
    try {
      boolean fresh = launch.dataDir() == null;
      Path dataDir = fresh ? Files.createTempDirectory("pitcrew-bench") : launch.dataDir();
      int httpPort = FreePorts.next();
      int temporalPort = FreePorts.next();
      int postgresPort = FreePorts.next();
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED",
          "-XX:+UseG1GC"));
      command.addAll(launch.jvmOptions());
      command.addAll(List.of(
          "-jar", jar.toString(),
          "--server.port=" + httpPort,
          "--pitcrew.local.data-dir=" + dataDir,
          "--pitcrew.local.engine=TEST_SERVER",
          "--pitcrew.local.temporal-port=" + temporalPort,
          "--pitcrew.local.postgres-port=" + postgresPort,
          "--pitcrew.security.bootstrap.admin-token=" + ADMIN_TOKEN,
          "--pitcrew.hooks.alertmanager.bearer-token=" + ALERTMANAGER_TOKEN,
          // One load generator on one address would trip the per-address limits meant for people and scripts.
          "--pitcrew.web.rate-limits.enabled=false"));
      command.addAll(extraArguments);
      command.addAll(words(System.getProperty("pitcrew.bench.serverArguments", "")));
      Files.createDirectories(logDirectory);
      Path log = logDirectory.resolve(launch.logName());
      long started = System.nanoTime();
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      PitcrewServer server =
          new PitcrewServer(process, dataDir, httpPort, temporalPort, postgresPort, Duration.ZERO, 0, fresh, log);
      Duration startup = server.awaitReady(started, log);
      long startupCpu = server.cpuMillis() + server.postgresCpuMillis();
      return new PitcrewServer(process, dataDir, httpPort, temporalPort, postgresPort, startup, startupCpu, fresh, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar the build packaged: {@code -Dpitcrew.bench.serverJar}, else the one under {@code api/target}. */
  public static Path serverJar() {
    String configured = System.getProperty("pitcrew.bench.serverJar");
    Path jar = configured != null ? Path.of(configured) : Path.of("../api/target/pitcrew-api-0.2.0.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("No server jar at " + jar.toAbsolutePath()
          + ": package it first (./mvnw -B -DskipTests package, or run ./pitcrew bench)");
    }
    return jar;
  }

  private static final int READY_WITHIN_MINUTES = 10;

  private Duration awaitReady(long startedNanos, Path log) {
    // Ten minutes: at load 20 on this shared 2-core machine a start has taken more than five (2026-12-01).
    long deadline = startedNanos + TimeUnit.MINUTES.toNanos(READY_WITHIN_MINUTES);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The server exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        HttpResponse<String> ready = api.getAnonymous("/actuator/health/readiness");
        if (ready.statusCode() == 200 && ready.body().contains("\"UP\"")) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (UncheckedIOException notListeningYet) {
        // not listening yet
      }
      sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "The server was not ready within " + READY_WITHIN_MINUTES + " minutes; see " + log);
  }

  /** The server's output (its log). */
  public Path logFile() {
    return logFile;
  }

  public PitcrewApi api() {
    return api;
  }

  public Duration startup() {
    return startup;
  }

  /**
   * CPU time (user + system) the start cost up to readiness UP: the server's JVM and its embedded PostgreSQL (with
   * the backends it has reaped), read right after readiness answered. Less noisy than the wall clock on a shared
   * machine: other work slows a start down, but does not add to its CPU time.
   */
  public long startupCpuMillis() {
    return startupCpuMillis;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** A client of the server's own Temporal engine, for reading histories and waiting for runs to end. */
  public synchronized WorkflowClient engine() {
    if (stubs == null) {
      // Connected up front, with the SDK's first-call limits (system info, plain calls) raised: in a CI run at load
      // 35 the first wait for a self-check's result spent 2.2 s resolving 127.0.0.1 and ran out of its deadline,
      // failing the smoke run on the machine's load rather than on anything the server did.
      Duration patience = Duration.ofMinutes(1);
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(
          WorkflowServiceStubsOptions.newBuilder()
              .setTarget("127.0.0.1:" + temporalPort)
              .setSystemInfoTimeout(patience)
              .setRpcTimeout(patience)
              .build(),
          patience);
    }
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  /** A connection to the server's embedded PostgreSQL (its superuser; the password is in its data directory). */
  public Connection database() {
    try {
      String password = Files.readString(dataDir.resolve("pg-password")).strip();
      return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres", "postgres", password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public long pid() {
    return process.pid();
  }

  /** Resident memory of the server's JVM (not its PostgreSQL), from /proc. */
  public long rssKiB() {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
          .filter(line -> line.startsWith("VmRSS:"))
          .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU time (user + system) the server's JVM has used so far, in milliseconds. */
  public long cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10; // USER_HZ is 100 on Linux
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the server uses under 10 % of a core for 2 s (or {@code atMost} is up): its engine's work and the
   * JIT's compile queue behind a burst of requests are done. A warm-up ends here, so the measured load that follows
   * starts on a server as idle as a running one between bursts.
   *
   * @return the server's CPU time then ({@link #cpuMillis()})
   */
  public long awaitQuiet(Duration atMost) {
    long quietBy = System.nanoTime() + atMost.toNanos();
    long last = cpuMillis();
    int quietSeconds = 0;
    while (quietSeconds < 2 && System.nanoTime() < quietBy) {
      sleep(1000);
      long now = cpuMillis();
      quietSeconds = now - last < 100 ? quietSeconds + 1 : 0;
      last = now;
    }
    return last;
  }

  /**
   * CPU time of the server's embedded PostgreSQL so far: its postmaster with every backend it has reaped, plus the
   * backends still running (the pool's connections). 0 when it runs no embedded PostgreSQL.
   */
  public long postgresCpuMillis() {
    try {
      long postmaster = Long.parseLong(
          Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).getFirst().strip());
      long running = ProcessHandle.of(postmaster).stream()
          .flatMap(ProcessHandle::children)
          .mapToLong(child -> ProcessCpu.millis(child.pid()))
          .sum();
      return ProcessCpu.millisWithReapedChildren(postmaster) + running;
    } catch (IOException | RuntimeException noEmbeddedPostgres) {
      return 0;
    }
  }

  /** Live heap after a full collection, asked of the server's JVM with jcmd. */
  public long liveHeapKiB() {
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("jcmd GC.heap_info printed no heap figure");
    }
    return Long.parseLong(used.group(1));
  }

  private String jcmd(String command) {
    try {
      Process jcmd = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid()), command)
          .redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server as an operator would (SIGTERM: graceful shutdown, PostgreSQL stopped) and removes its data. */
  @Override
  public void close() {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (removeDataOnClose) {
      delete(dataDir);
    }
  }

  /** Removes a directory tree the harness made (a data directory, an extracted jar). */
  public static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
