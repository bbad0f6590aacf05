package dev.pitcrew.activities.drill;

import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Runs pg_dump and pg_restore for a drill: found in {@code pitcrew.drills.pg-bin-dir}, on the PATH or among
 * Debian's side-by-side installs, at least the server's major version, heartbeating while they run and stopped when the run is cancelled or
 * the worker shuts down.
 */
@Component
class PostgresTools {
  private static final Pattern VERSION = Pattern.compile("\\) (\\d+)(?:\\.(\\d+))?");
  private static final String DEBIAN_VERSIONS = "/usr/lib/postgresql";
  /** The PostgreSQL major version Debian 12 (bookworm) ships; newer clients come from apt.postgresql.org. */
  private static final int DEBIAN_STABLE_MAJOR = 15;

  /** What a tool run ended with: its exit code and the error lines it printed. */
  record ToolRun(int exitCode, List<String> errors) {}

  private final DrillProperties properties;

  PostgresTools(DrillProperties properties) {
    this.properties = properties;
  }

  /**
   * The {@code tool} to run against a server of version {@code serverVersionNum}: the one in
   * {@code pitcrew.drills.pg-bin-dir} when set; otherwise the one on the PATH if it is new enough, else the newest
   * new enough one Debian's packages install side by side ({@code /usr/lib/postgresql/<major>/bin}). Fails
   * {@code ToolVersionMismatch} (not retried) naming both versions when none is at least the server's major
   * version: an older pg_dump refuses a newer server, and an older pg_restore may not read its dumps.
   */
  String requireCompatible(String tool, int serverVersionNum, String serverVersion) {
    int serverMajor = serverVersionNum / 10000;
    List<String> candidates = new ArrayList<>();
    if (properties.pgBinDir() != null) {
      candidates.add(properties.pgBinDir().resolve(tool).toString());
    } else {
      candidates.add(tool);
      candidates.addAll(debianInstalls(tool));
    }
    String tooOld = null;
    for (String candidate : candidates) {
      String version = versionOf(candidate);
      if (version == null) {
        continue;
      }
      if (Integer.parseInt(version.split("\\.")[0]) >= serverMajor) {
        return candidate;
      }
      tooOld = tooOld == null ? candidate + " " + version : tooOld;
    }
    String where = properties.pgBinDir() != null ? "in pitcrew.drills.pg-bin-dir " + properties.pgBinDir()
        : "on the PATH or under " + DEBIAN_VERSIONS;
    String install = " install the PostgreSQL " + serverMajor + " client tools (Debian: postgresql-client-"
        + serverMajor + (serverMajor > DEBIAN_STABLE_MAJOR ? ", from the PostgreSQL apt repository "
        + "apt.postgresql.org, since Debian 12 ships 15" : "") + ") or point pitcrew.drills.pg-bin-dir "
        + "(PITCREW_DRILLS_PGBINDIR) at them";
    if (tooOld == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          tool + " was not found " + where + "; the server is PostgreSQL " + serverVersion + ":" + install,
          "ToolVersionMismatch");
    }
    String[] found = tooOld.split(" ");
    throw ApplicationFailure.newNonRetryableFailure(
        tool + " " + found[found.length - 1] + " (" + found[0] + ") is older than the server's PostgreSQL "
            + serverVersion + ", and no newer one was found " + where + ":" + install,
        "ToolVersionMismatch");
  }

  /** Debian's side-by-side installs of {@code tool}, newest first. */
  private static List<String> debianInstalls(String tool) {
    Path root = Path.of(DEBIAN_VERSIONS);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (var versions = Files.list(root)) {
      return versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
          .sorted(Comparator.comparingInt((Path dir) -> Integer.parseInt(dir.getFileName().toString())).reversed())
          .map(dir -> dir.resolve("bin").resolve(tool))
          .filter(Files::isExecutable)
          .map(Path::toString)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** "15.18" from {@code tool --version}, or null when it cannot be run or answers something else. */
  private static String versionOf(String executable) {
    try {
      Process process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return null;
      }
      Matcher matcher = VERSION.matcher(output);
      return matcher.find() ? matcher.group(1) + (matcher.group(2) == null ? "" : "." + matcher.group(2)) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking " + executable + " for its version", e);
    }
  }

  /** Runs a tool to its end, heartbeating; stops it when the activity is cancelled or its worker stops. */
  ToolRun run(List<String> command, PostgresEndpoint endpoint, Path errorLog) {
    try (RunningTool tool = start(command, endpoint, errorLog)) {
      return tool.await();
    }
  }

  /**
   * As {@link #run(List, PostgresEndpoint, Path)}, and stops the tool once {@code limit} has passed: fails
   * {@code RecoveryFailed} (not retried: a second attempt would take as long) naming the limit.
   */
  ToolRun run(List<String> command, PostgresEndpoint endpoint, Path errorLog, Duration limit) {
    try (RunningTool tool = start(command, endpoint, errorLog)) {
      return tool.await(limit);
    }
  }

  /**
   * Starts a tool and returns at once, so the activity can do other work while it runs (read the source's
   * inventory while pg_dump writes). Closing the handle stops a tool that was not awaited to its end: an activity
   * that fails or is cancelled half-way leaves no child process behind.
   */
  RunningTool start(List<String> command, PostgresEndpoint endpoint, Path errorLog) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(errorLog.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(endpoint.toolEnvironment());
    try {
      Process process = builder.start();
      return new RunningTool(command.getFirst(), process, ToolWatchdog.watch(process), errorLog);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          command.getFirst() + " could not be started: " + e.getMessage(), "ToolVersionMismatch");
    }
  }

  /**
   * Starts {@code commands} as one pipeline, each one's output the next one's input through the operating system's
   * pipes (no copying through the JVM), the last one's output discarded, each one's errors in its own log. Closing
   * the returned handles stops the tools still running.
   */
  List<RunningTool> startPipeline(List<List<String>> commands, PostgresEndpoint endpoint, List<Path> errorLogs) {
    List<ProcessBuilder> builders = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      ProcessBuilder builder = new ProcessBuilder(commands.get(i)).redirectError(errorLogs.get(i).toFile());
      builder.environment().putAll(endpoint.toolEnvironment());
      builders.add(builder);
    }
    builders.getLast().redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      List<Process> processes = ProcessBuilder.startPipeline(builders);
      List<RunningTool> tools = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        tools.add(new RunningTool(commands.get(i).getFirst(), processes.get(i), ToolWatchdog.watch(processes.get(i)),
            errorLogs.get(i)));
      }
      return tools;
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "The pipeline " + commands.stream().map(List::getFirst).toList() + " could not be started: "
              + e.getMessage(), "ToolVersionMismatch");
    }
  }

  /** A tool that runs until {@link #await} sees it end or {@link #close} stops it. */
  final class RunningTool implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Optional<Process> watchdog;
    private final Path errorLog;

    private RunningTool(String name, Process process, Optional<Process> watchdog, Path errorLog) {
      this.name = name;
      this.process = process;
      this.watchdog = watchdog;
      this.errorLog = errorLog;
    }

    /** Waits for the tool to end, heartbeating; a cancelled activity or stopping worker stops it. */
    ToolRun await() {
      return await(null);
    }

    /** As {@link #await()}; with a {@code limit}, the tool is stopped and the step fails once it has passed. */
    ToolRun await(Duration limit) {
      long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
      try {
        while (!process.waitFor(properties.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          if (System.nanoTime() - deadline > 0) {
            stop(process);
            throw ApplicationFailure.newNonRetryableFailure(name + " did not finish within " + limit.toMinutes()
                + " min (" + limit.toSeconds() + " s) and was stopped: " + String.join(" / ", errorLines(errorLog)),
                "RecoveryFailed");
          }
          Activity.getExecutionContext().heartbeat(name + " running");
        }
      } catch (ActivityCompletionException stopped) {
        stop(process);
        throw stopped;
      } catch (InterruptedException interrupted) {
        stop(process);
        Thread.currentThread().interrupt();
        throw new IllegalStateException(name + " interrupted", interrupted);
      }
      return new ToolRun(process.exitValue(), errorLines(errorLog));
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        stop(process);
      }
      watchdog.ifPresent(Process::destroy);
    }
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> errorLines(Path errorLog) {
    try {
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(errorLog, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && lines.size() < 20) {
          lines.add(line.length() > 500 ? line.substring(0, 500) : line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
