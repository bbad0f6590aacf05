package dev.pitcrew.activities.drill;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The scratch PostgreSQL server a physical restore recovers on: a data directory named after the run under
 * {@code pitcrew.drills.pgbackrest.scratch-directory}, a server of the backup's major version started on it with a
 * configuration of Pitcrew's own beside it (a free port on localhost only, no Unix socket, no archiving, no hot
 * standby: the restored {@code postgresql.conf} with the source's memory, paths and archive command is never used),
 * and a mark written once recovery ended in a promotion, so a retried restore keeps a finished one.
 *
 * <p>PostgreSQL refuses to run as root. A worker running as root (a CI container) starts the server the way zonky's
 * embedded PostgreSQL does: in a user namespace of its own ({@code unshare -U}), where it is not root.
 */
@Component
class ScratchServer {
  private static final Logger log = LoggerFactory.getLogger(ScratchServer.class);
  private static final String DEBIAN_VERSIONS = "/usr/lib/postgresql";
  private static final Pattern SERVER_VERSION = Pattern.compile("\\) (\\d+)(?:\\.(\\d+))?");
  private static final Pattern MARK = Pattern.compile("attempt (\\d+) recovered-to (\\d+|none)");

  /** What a completed restore left: which attempt did it, and the last transaction it replayed. */
  record Mark(int attempt, Long recoveredToMillis) {}

  private final PgBackRestProperties properties;
  private final DrillProperties drills;

  ScratchServer(PgBackRestProperties properties, DrillProperties drills) {
    this.properties = properties;
    this.drills = drills;
  }

  Path dataDirectory(String scratch) {
    return properties.scratchDirectory().resolve(scratch);
  }

  /** Where the restore puts the cluster's tablespaces (one directory each), never at their original paths. */
  Path tablespaceDirectory(String scratch) {
    return properties.scratchDirectory().resolve(scratch + ".tablespaces");
  }

  private Path configDirectory(String scratch) {
    return properties.scratchDirectory().resolve(scratch + ".conf.d");
  }

  private Path markFile(String scratch) {
    return properties.scratchDirectory().resolve(scratch + ".restored");
  }

  private Path logFile(String scratch) {
    return properties.scratchDirectory().resolve(scratch + ".log");
  }

  /** An empty data directory for pgbackrest restore (owner only, as PostgreSQL demands). */
  Path createDataDirectory(String scratch) throws IOException {
    Files.createDirectories(properties.scratchDirectory());
    Files.createDirectory(tablespaceDirectory(scratch),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return Files.createDirectory(dataDirectory(scratch),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /**
   * The directory of {@code pg_ctl} and {@code postgres} of PostgreSQL {@code major}: the configured one or Debian's.
   * Fails {@code ToolVersionMismatch} (not retried) naming both versions when its server is another major version:
   * a data directory only starts under the major version that wrote it.
   */
  Path binDirectory(String major) {
    Path directory = properties.serverBinDir() != null ? properties.serverBinDir()
        : Path.of(DEBIAN_VERSIONS, major, "bin");
    String found = serverVersion(directory.resolve("postgres"));
    String install = ": install the PostgreSQL " + major + " server (Debian: postgresql-" + major + ") or point "
        + "pitcrew.drills.pgbackrest.server-bin-dir (PITCREW_DRILLS_PGBACKREST_SERVERBINDIR) at its bin directory";
    if (found == null) {
      throw ApplicationFailure.newNonRetryableFailure("postgres was not found in " + directory + "; the backup is "
          + "of PostgreSQL " + major + install, "ToolVersionMismatch");
    }
    if (!found.split("\\.")[0].equals(major)) {
      throw ApplicationFailure.newNonRetryableFailure("postgres " + found + " (" + directory.resolve("postgres")
          + ") cannot start the backup's PostgreSQL " + major + " data directory" + install, "ToolVersionMismatch");
    }
    return directory;
  }

  /** The port of the scratch server running on the run's data directory, if one runs. */
  OptionalInt runningPort(String scratch) {
    Path pidFile = dataDirectory(scratch).resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.size() < 4
          || !ProcessHandle.of(Long.parseLong(lines.get(0).strip())).map(ProcessHandle::isAlive).orElse(false)) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(Integer.parseInt(lines.get(3).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Starts the server on the restored data directory on a free port; recovery begins at once. What keeps the copy
   * private is given on the command line, which beats every file (the restored {@code postgresql.auto.conf} holds
   * the source's {@code ALTER SYSTEM} settings, e.g. {@code listen_addresses = '*'}, and would beat Pitcrew's
   * configuration file): localhost only, no Unix socket, Pitcrew's own {@code pg_hba.conf} and {@code pg_ident.conf}
   * (a Debian source keeps its own in /etc, others carry the source's rules), no archiving, no SSL with the source's
   * key paths, the log where Pitcrew reads it.
   */
  int start(String scratch, Path binDirectory, boolean passwordAuthentication) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path config = Files.createDirectories(configDirectory(scratch));
    StringBuilder settings = new StringBuilder("# Pitcrew drill scratch server: replaces the restored postgresql.conf;"
        + " the restored postgresql.auto.conf is still read, the command line's settings beat it\n");
    properties.serverSettings().forEach((name, value) ->
        settings.append(name).append(" = '").append(value.replace("'", "''")).append("'\n"));
    Files.writeString(config.resolve("postgresql.conf"), settings);
    String method = passwordAuthentication ? "md5" : "trust";
    Files.writeString(config.resolve("pg_hba.conf"),
        "host all all 127.0.0.1/32 " + method + "\nhost all all ::1/128 " + method + "\n");
    Files.writeString(config.resolve("pg_ident.conf"), "");
    run(binDirectory, List.of("start", "-D", dataDirectory(scratch).toString(), "-l", logFile(scratch).toString(),
        "-W", "-o", serverOptions(config, port)));
    awaitPostmaster(scratch);
    log.info("Drill scratch server {} started on port {}", scratch, port);
    return port;
  }

  /** postgres's options, as pg_ctl hands them to a shell: paths under the scratch directory have no spaces. */
  static String serverOptions(Path config, int port) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("config_file", config.resolve("postgresql.conf").toString());
    options.put("hba_file", config.resolve("pg_hba.conf").toString());
    options.put("ident_file", config.resolve("pg_ident.conf").toString());
    options.put("port", Integer.toString(port));
    options.put("listen_addresses", "localhost");
    options.put("unix_socket_directories", "''");
    options.put("archive_mode", "off");
    options.put("hot_standby", "off");
    options.put("ssl", "off");
    options.put("logging_collector", "off");
    options.put("log_destination", "stderr");
    StringBuilder line = new StringBuilder();
    options.forEach((name, value) -> line.append(line.isEmpty() ? "" : " ").append("-c ").append(name).append('=')
        .append(value));
    return line.toString();
  }

  /**
   * pg_ctl without waiting returns before the postmaster wrote its pid file; wait (heartbeating) until it did, and
   * fail with the server's own words when it stopped before that (a bad setting, a foreign data directory).
   */
  private void awaitPostmaster(String scratch) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (runningPort(scratch).isEmpty()) {
      List<String> problems = logProblems(scratch);
      if (problems.stream().anyMatch(line -> line.contains("FATAL:") || line.contains("PANIC:"))
          || System.nanoTime() > deadline) {
        throw ApplicationFailure.newNonRetryableFailure("The scratch server on " + scratch + " did not start: "
            + String.join(" / ", problems), "RecoveryFailed");
      }
      Activity.getExecutionContext().heartbeat("starting " + scratch);
      sleep(Duration.ofMillis(100));
    }
  }

  /**
   * Waits, heartbeating, until the server has recovered and been promoted and {@code database} accepts
   * connections; answers the last transaction it replayed (null when none was). Fails {@code RecoveryFailed} (not
   * retried) with the server's own words when it shut down instead, e.g. when the archive ends before the point in
   * time.
   */
  Long awaitPromotion(String scratch, PostgresEndpoint copy, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (runningPort(scratch).isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("The scratch server on " + scratch + " stopped instead of "
            + "recovering: " + String.join(" / ", logProblems(scratch)), "RecoveryFailed");
      }
      try (Connection connection = copy.connect(copy.database()); Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(
              "select pg_is_in_recovery(), floor(extract(epoch from pg_last_xact_replay_timestamp()) * 1000)::bigint")) {
        rows.next();
        if (!rows.getBoolean(1)) {
          long replayed = rows.getLong(2);
          return rows.wasNull() ? null : replayed;
        }
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("3D000") || state.startsWith("28")) {
          throw ApplicationFailure.newNonRetryableFailure("The recovered copy cannot be read as " + copy + ": "
              + DrillTargets.describe(e), "BadTarget");
        }
        // 57P03 "the database system is starting up" (recovery goes on), or the server not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw ApplicationFailure.newNonRetryableFailure("The scratch server on " + scratch + " did not finish "
            + "recovering within " + timeout.toMinutes() + " min: " + String.join(" / ", logProblems(scratch)),
            "RecoveryFailed");
      }
      Activity.getExecutionContext().heartbeat("recovering " + scratch);
      sleep(drills.heartbeatInterval());
    }
  }

  Optional<Mark> mark(String scratch) {
    try {
      Matcher matcher = MARK.matcher(Files.readString(markFile(scratch), StandardCharsets.UTF_8));
      return matcher.find() && Files.isDirectory(dataDirectory(scratch))
          ? Optional.of(new Mark(Integer.parseInt(matcher.group(1)),
              matcher.group(2).equals("none") ? null : Long.parseLong(matcher.group(2))))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void markRecovered(String scratch, int attempt, Long recoveredToMillis) throws IOException {
    Files.writeString(markFile(scratch), "attempt " + attempt + " recovered-to "
        + (recoveredToMillis == null ? "none" : recoveredToMillis) + "\n");
  }

  /** Stops the server (immediately: it is a scratch copy) when one runs; true when one did. */
  boolean stop(String scratch) {
    OptionalInt port = runningPort(scratch);
    if (port.isEmpty()) {
      return false;
    }
    Path data = dataDirectory(scratch);
    try {
      String major = Files.readString(data.resolve("PG_VERSION"), StandardCharsets.UTF_8).strip();
      run(binDirectory(major), List.of("stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "60"));
    } catch (IOException | RuntimeException e) {
      // No pg_ctl to ask: SIGQUIT is PostgreSQL's immediate shutdown.
      log.warn("pg_ctl could not stop the scratch server on {} ({}); signalling it", scratch, e.getMessage());
      postmaster(scratch).ifPresent(pid -> signal("QUIT", pid));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (runningPort(scratch).isPresent() && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(200));
    }
    if (runningPort(scratch).isPresent()) {
      throw ApplicationFailure.newFailure("The scratch server on " + scratch + " did not stop", "ScratchUnavailable");
    }
    log.info("Drill scratch server {} stopped", scratch);
    return true;
  }

  /**
   * Deletes the data directory, its tablespaces, Pitcrew's configuration, log and mark; true when there was something
   * to delete.
   */
  boolean delete(String scratch) throws IOException {
    boolean existed = false;
    for (Path path : List.of(markFile(scratch), dataDirectory(scratch), tablespaceDirectory(scratch),
        configDirectory(scratch), logFile(scratch))) {
      if (Files.exists(path)) {
        existed = true;
        try (Stream<Path> tree = Files.walk(path)) {
          for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(each);
          }
        }
      }
    }
    return existed;
  }

  /** The server log's lines that say what went wrong (FATAL, ERROR, PANIC and the last transaction replayed). */
  List<String> logProblems(String scratch) {
    try {
      List<String> problems = new ArrayList<>();
      for (String line : Files.readAllLines(logFile(scratch), StandardCharsets.UTF_8)) {
        if (line.contains("FATAL:") || line.contains("PANIC:") || line.contains("ERROR:")
            || line.contains("last completed transaction")) {
          problems.add(line.length() > 300 ? line.substring(0, 300) : line);
        }
      }
      return problems.size() > 10 ? problems.subList(problems.size() - 10, problems.size()) : problems;
    } catch (IOException e) {
      return List.of("no server log (" + e.getMessage() + ")");
    }
  }

  private Optional<Long> postmaster(String scratch) {
    try {
      return Optional.of(Long.parseLong(Files.readAllLines(dataDirectory(scratch).resolve("postmaster.pid"),
          StandardCharsets.UTF_8).get(0).strip()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void signal(String signal, long pid) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** pg_ctl with the given arguments; as root inside a user namespace of its own, where PostgreSQL agrees to run. */
  private void run(Path binDirectory, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    if (runningAsRoot()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(binDirectory.resolve("pg_ctl").toString());
    command.addAll(arguments);
    Path output = Files.createTempFile("pitcrew-pg_ctl", ".out");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("pg_ctl " + arguments.getFirst() + " did not return within 90 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException("pg_ctl " + arguments.getFirst() + " exited " + process.exitValue() + ": "
            + Files.readString(output, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running pg_ctl", e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean runningAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** "15.14" from {@code postgres --version}, or null when it cannot be run. */
  private static String serverVersion(Path postgres) {
    if (!Files.isExecutable(postgres)) {
      return null;
    }
    try {
      Process process = new ProcessBuilder(postgres.toString(), "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      Matcher matcher = SERVER_VERSION.matcher(output);
      return matcher.find() ? matcher.group(1) + (matcher.group(2) == null ? "" : "." + matcher.group(2)) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the scratch server", e);
    }
  }
}
