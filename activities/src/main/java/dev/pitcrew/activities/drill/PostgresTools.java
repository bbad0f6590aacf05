package dev.pitcrew.activities.drill;

import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Runs pg_dump and pg_restore for a drill: found in {@code pitcrew.drills.pg-bin-dir} or on the PATH, checked
 * against the server's major version first, heartbeating while they run and stopped when the run is cancelled or
 * the worker shuts down.
 */
@Component
class PostgresTools {
  private static final Pattern VERSION = Pattern.compile("\\) (\\d+)(?:\\.(\\d+))?");

  /** What a tool run ended with: its exit code and the error lines it printed. */
  record ToolRun(int exitCode, List<String> errors) {}

  private final DrillProperties properties;

  PostgresTools(DrillProperties properties) {
    this.properties = properties;
  }

  String executable(String tool) {
    return properties.pgBinDir() == null ? tool : properties.pgBinDir().resolve(tool).toString();
  }

  /**
   * Fails {@code ToolVersionMismatch} (not retried) naming both versions unless {@code tool}'s major version is at
   * least the server's: an older pg_dump refuses a newer server, and an older pg_restore may not read its dumps.
   */
  String requireCompatible(String tool, int serverVersionNum, String serverVersion) {
    String output;
    try {
      Process process = new ProcessBuilder(executable(tool), "--version").redirectErrorStream(true).start();
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          tool + " was not found (" + e.getMessage() + "): install the PostgreSQL client tools (Debian: "
              + "postgresql-client-" + serverVersionNum / 10000 + ") or set pitcrew.drills.pg-bin-dir",
          "ToolVersionMismatch");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking " + tool + " for its version", e);
    }
    Matcher matcher = VERSION.matcher(output);
    if (!matcher.find()) {
      throw ApplicationFailure.newNonRetryableFailure(
          tool + " --version answered '" + output + "', not a PostgreSQL version", "ToolVersionMismatch");
    }
    int toolMajor = Integer.parseInt(matcher.group(1));
    int serverMajor = serverVersionNum / 10000;
    String toolVersion = matcher.group(1) + (matcher.group(2) == null ? "" : "." + matcher.group(2));
    if (toolMajor < serverMajor) {
      throw ApplicationFailure.newNonRetryableFailure(
          tool + " " + toolVersion + " is older than the server's PostgreSQL " + serverVersion + ": install the "
              + "PostgreSQL " + serverMajor + " client tools (Debian: postgresql-client-" + serverMajor
              + ") or point pitcrew.drills.pg-bin-dir at them",
          "ToolVersionMismatch");
    }
    return toolVersion;
  }

  /** Runs a tool to its end, heartbeating; stops it when the activity is cancelled or its worker stops. */
  ToolRun run(List<String> command, PostgresEndpoint endpoint, Path errorLog) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(errorLog.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(endpoint.toolEnvironment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          command.getFirst() + " could not be started: " + e.getMessage(), "ToolVersionMismatch");
    }
    try {
      while (!process.waitFor(properties.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS)) {
        Activity.getExecutionContext().heartbeat(command.getFirst() + " running");
      }
    } catch (ActivityCompletionException | InterruptedException stopped) {
      stop(process);
      if (stopped instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(command.getFirst() + " interrupted", stopped);
      }
      throw (ActivityCompletionException) stopped;
    }
    return new ToolRun(process.exitValue(), errorLines(errorLog));
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
