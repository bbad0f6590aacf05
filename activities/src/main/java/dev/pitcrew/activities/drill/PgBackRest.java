package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.drill.PgBackRestTarget;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code pgbackrest} command line as drills use it: its version, {@code info} and {@code repo-ls} answers (JSON),
 * and {@code backup} and {@code restore} runs that heartbeat and stop when the run is cancelled (through
 * {@link PostgresTools#run}). Every call names the stanza and, when the definition says them, the config file and
 * {@code repo1-path}; pgBackRest's own log file is left alone ({@code --log-level-file=off}), its warnings and errors
 * are read from stderr.
 */
@Component
class PgBackRest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern VERSION = Pattern.compile("pgBackRest (\\d+(?:\\.\\d+)+)");
  /** pgBackRest picks the backup set for a time target only from this form of the time (and PostgreSQL reads it). */
  private static final DateTimeFormatter TARGET_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

  /** What a quick command answered. */
  record Answer(int exitCode, String output, String errors) {}

  private final PgBackRestProperties properties;
  private final PostgresTools tools;

  /** How long version, info and repo-ls may take before the hung pgbackrest is killed. */
  private final Duration answerLimit;

  @Autowired
  PgBackRest(PgBackRestProperties properties, PostgresTools tools) {
    this(properties, tools, Duration.ofSeconds(90));
  }

  PgBackRest(PgBackRestProperties properties, PostgresTools tools, Duration answerLimit) {
    this.properties = properties;
    this.tools = tools;
    this.answerLimit = answerLimit;
  }

  String executable() {
    return properties.executable();
  }

  /** "2.45", or null when pgbackrest cannot be run. */
  String version() {
    try {
      Answer answer = capture(List.of(properties.executable(), "version"));
      Matcher matcher = VERSION.matcher(answer.output());
      return matcher.find() ? matcher.group(1) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The stanza's entry of {@code pgbackrest info --output=json}. */
  JsonNode info(PgBackRestTarget target) throws IOException {
    Answer answer = capture(command(target, "--output=json", "info"));
    if (answer.exitCode() != 0) {
      throw ApplicationFailure.newFailure("pgbackrest info of stanza " + target.stanza() + " exited "
          + answer.exitCode() + ": " + answer.errors().strip(), "PgBackRestFailed");
    }
    for (JsonNode stanza : JSON.readTree(answer.output())) {
      if (target.stanza().equals(stanza.path("name").asString())) {
        return stanza;
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "pgbackrest info knows no stanza " + target.stanza(), "NoBackup");
  }

  /**
   * When the archived WAL segment {@code segment} of archive {@code archiveId} reached the repository
   * ({@code repo-ls}, whole seconds); null when it is not listed.
   */
  Long archivedAtMillis(PgBackRestTarget target, String archiveId, String segment) throws IOException {
    String directory = "archive/" + target.stanza() + "/" + archiveId + "/" + segment.substring(0, 16);
    Answer answer = capture(command(target, "--output=json", "repo-ls", directory));
    if (answer.exitCode() != 0) {
      throw ApplicationFailure.newFailure("pgbackrest repo-ls " + directory + " exited " + answer.exitCode() + ": "
          + answer.errors().strip(), "PgBackRestFailed");
    }
    Long newest = null;
    for (var file : JSON.readTree(answer.output()).properties()) {
      if (file.getKey().startsWith(segment + "-") && file.getValue().has("time")) {
        long millis = file.getValue().path("time").asLong() * 1000;
        newest = newest == null ? millis : Math.max(newest, millis);
      }
    }
    return newest;
  }

  /** {@code pgbackrest backup --type=…}, heartbeating; stopped when the run is cancelled. */
  PostgresTools.ToolRun backup(PgBackRestTarget target, PostgresEndpoint source, Path errorLog) {
    return tools.run(command(target, "--type=" + target.backupType(), "backup"), source, errorLog);
  }

  /**
   * {@code pgbackrest restore} of the stanza into {@code dataDirectory} and its tablespaces under
   * {@code tablespaceDirectory} (never the source's: {@code pg1-path} is overridden and a {@code pg1-host} reset), to the target's point in time and then promoted, or to the end of the
   * archive; the restored cluster does not archive.
   */
  PostgresTools.ToolRun restore(PgBackRestTarget target, Path dataDirectory, Path tablespaceDirectory, int processes,
      PostgresEndpoint source, Path errorLog, java.time.Duration limit) {
    // Tablespaces too: without the map they would be restored to their original paths, outside the scratch
    // directory and possibly over the source's own.
    List<String> options = new ArrayList<>(List.of("--reset-pg1-host", "--pg1-path=" + dataDirectory,
        "--tablespace-map-all=" + tablespaceDirectory,
        "--process-max=" + processes, "--archive-mode=off"));
    if (target.toLatest()) {
      options.add("--type=default");
    } else {
      options.add("--type=time");
      // The instant as written (microseconds count: a commit a fraction of a millisecond before it must be in).
      options.add("--target=" + TARGET_TIME.format(Instant.parse(target.pointInTime())));
      options.add("--target-action=promote");
    }
    options.add("restore");
    return tools.run(command(target, options.toArray(String[]::new)), source, errorLog, limit);
  }

  private List<String> command(PgBackRestTarget target, String... rest) {
    List<String> command = new ArrayList<>(List.of(properties.executable(), "--stanza=" + target.stanza()));
    if (target.config() != null) {
      command.add("--config=" + target.config());
    }
    if (target.repoPath() != null) {
      command.add("--repo1-path=" + target.repoPath());
    }
    command.addAll(List.of("--log-level-console=off", "--log-level-stderr=warn", "--log-level-file=off"));
    command.addAll(List.of(rest));
    return command;
  }

  /**
   * Runs a quick command and reads its answer. Both outputs go to files, not pipes: reading a pipe would block until
   * the process ends, so a hung pgbackrest would never meet the limit and be killed.
   */
  private Answer capture(List<String> command) throws IOException {
    Path output = Files.createTempFile("pitcrew-pgbackrest", ".out");
    Path errors = Files.createTempFile("pitcrew-pgbackrest", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
          .start();
      if (!process.waitFor(answerLimit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw ApplicationFailure.newFailure(String.join(" ", command) + " did not answer within "
            + answerLimit.toSeconds() + " s and was killed", "PgBackRestFailed");
      }
      return new Answer(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
          Files.readString(errors, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running " + command.getFirst(), e);
    } finally {
      Files.deleteIfExists(output);
      Files.deleteIfExists(errors);
    }
  }

  /** Numeric comparison of dotted versions: "2.45" &lt; "2.54.1". */
  static int compareVersions(String left, String right) {
    String[] a = left.split("\\.");
    String[] b = right.split("\\.");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length ? Integer.parseInt(a[i]) : 0;
      int y = i < b.length ? Integer.parseInt(b[i]) : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }
}
