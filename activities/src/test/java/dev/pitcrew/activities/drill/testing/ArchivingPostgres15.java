package dev.pitcrew.activities.drill.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 server (zonky's binaries, as {@link Postgres15}) that archives its WAL into a pgBackRest repository,
 * all in one temporary directory: {@code wal_level=replica}, {@code archive_mode=on}, {@code archive_command}
 * {@code pgbackrest … archive-push %p}, a {@code pgbackrest.conf} with {@code repo1-path}, {@code pg1-path},
 * {@code pg1-port} and {@code pg1-socket-path}, and the stanza created. As root, zonky runs the server in a user
 * namespace of its own ({@code unshare -U}), where archive-push runs too; the repository's files are root's either
 * way, so pgbackrest run by the test (and the drill) as root reads and writes the same files.
 */
public final class ArchivingPostgres15 implements AutoCloseable {
  public final String stanza;
  public final Path directory;
  public final Path config;
  public final EmbeddedPostgres server;

  private ArchivingPostgres15(String stanza, Path directory, Path config, EmbeddedPostgres server) {
    this.stanza = stanza;
    this.directory = directory;
    this.config = config;
    this.server = server;
  }

  public static ArchivingPostgres15 start(String stanza) throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("pitcrew-pgbr");
    Path config = directory.resolve("pgbackrest.conf");
    Path data = directory.resolve("data");
    Path socket = Files.createDirectories(directory.resolve("s"));
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Files.writeString(config, """
        [global]
        repo1-path=%1$s/repo
        repo1-retention-full=2
        log-path=%1$s/log
        lock-path=%1$s/lock
        log-level-file=off
        log-level-console=warn
        compress-type=none
        start-fast=y

        [%2$s]
        pg1-path=%3$s
        pg1-port=%4$d
        pg1-socket-path=%5$s
        pg1-user=postgres
        """.formatted(directory, stanza, data, port, socket));
    EmbeddedPostgres server = EmbeddedPostgres.builder()
        .setPgBinaryResolver(Postgres15.binaryResolver())
        .setDataDirectory(data)
        .setPort(port)
        .setServerConfig("unix_socket_directories", socket.toString())
        .setPGStartupWait(Duration.ofSeconds(60))
        // In postgresql.conf: zonky hands -c settings to pg_ctl unquoted, and the archive command has spaces.
        .setDataDirectoryCustomizer(initialized -> append(initialized.toPath().resolve("postgresql.conf"), """

            wal_level = replica
            archive_mode = on
            archive_command = 'pgbackrest --config=%s --stanza=%s archive-push %%p'
            """.formatted(config, stanza)))
        .start();
    ArchivingPostgres15 archiving = new ArchivingPostgres15(stanza, directory, config, server);
    archiving.pgbackrest("stanza-create");
    return archiving;
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(file, text, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where zonky unpacked {@code pg_ctl} and {@code postgres} 15: the directory of the running postmaster's binary
   * (zonky shares one unpacked copy per JVM, wherever the first server put it).
   */
  public Path binDirectory() throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(directory.resolve("data/postmaster.pid")).getFirst().strip());
    return Path.of(ProcessHandle.of(postmaster).orElseThrow().info().command().orElseThrow()).getParent();
  }

  /** Runs {@code pgbackrest --config=… --stanza=… <command…>} and fails the test when it fails. */
  public void pgbackrest(String... command) throws IOException, InterruptedException {
    List<String> line = Stream.concat(Stream.of("pgbackrest", "--config=" + config, "--stanza=" + stanza),
        Stream.of(command)).toList();
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
    }
  }

  /** Ends the current WAL segment and waits until PostgreSQL archived it: every commit so far is restorable. */
  public void archiveCurrentWal(Connection connection) throws SQLException, InterruptedException {
    String segment;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select pg_walfile_name(pg_switch_wal())")) {
      rows.next();
      segment = rows.getString(1);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select coalesce(last_archived_wal, '') >= '" + segment
              + "', last_failed_wal from pg_stat_archiver")) {
        rows.next();
        if (rows.getBoolean(1)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(segment + " was not archived; last failed: " + rows.getString(2));
        }
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      try (Stream<Path> tree = Files.walk(directory)) {
        tree.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
