package dev.pitcrew.api.local;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Local mode's database: a real PostgreSQL 15 from zonky's binaries (shipped in a Maven artifact, nothing
 * downloaded at run time), its cluster kept under the data directory so Pitcrew's data survives restarts — and
 * crashes: zonky turns fsync off for speed in tests, which here would trade a power cut for a corrupt cluster, so
 * it is switched back on. It listens on 127.0.0.1 only and wants a password (see {@link
 * PostgresClientAuthentication}); a postmaster left behind by a crashed Pitcrew is stopped first (see {@link
 * OrphanedPostmaster}). Version 15 is Debian 12's client tools' major, so a drill of Pitcrew's own database works
 * with {@code pg_dump}/{@code pg_restore} from apt.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlCondition.class)
public class EmbeddedPostgresConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);
  private static final Duration ORPHAN_SHUTDOWN_PATIENCE = Duration.ofSeconds(10);
  /** The major version of the PostgreSQL binaries Pitcrew embeds (the parent POM's zonky.postgres-binaries.version). */
  static final int EMBEDDED_MAJOR = 15;

  @Bean(destroyMethod = "close")
  LocalPostgres localPostgres(LocalModeProperties local) {
    return localPostgres(local, true);
  }

  /** @param watchdog false only for tests that need a crashed Pitcrew's PostgreSQL to stay behind */
  LocalPostgres localPostgres(LocalModeProperties local, boolean watchdog) {
    Path dataDirectory = local.dataDir().resolve("pg").toAbsolutePath();
    PostgresPasswordFile passwordFile =
        new PostgresPasswordFile(local.dataDir().resolve("pg-password").toAbsolutePath());
    try {
      Files.createDirectories(dataDirectory.getParent());
      refuseAnotherMajor(dataDirectory);
      OrphanedPostmaster.stopIfOrphaned(dataDirectory, ORPHAN_SHUTDOWN_PATIENCE);
      Optional<String> saved = passwordFile.read();
      String password = saved.orElseGet(PostgresPasswordFile::generate);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              // Durability: zonky starts postgres with -F and synchronous_commit=off; these win over both.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setConnectConfig("password", password)
              .setPGStartupWait(Duration.ofSeconds(30))
              .setDataDirectoryCustomizer(directory -> {
                if (saved.isPresent()) {
                  PostgresClientAuthentication.requirePasswords(directory.toPath());
                }
              });
      if (local.postgresPort() > 0) {
        builder.setPort(local.postgresPort());
      }
      EmbeddedPostgres server = builder.start();
      if (saved.isEmpty()) {
        lockWithNewPassword(server, dataDirectory, passwordFile, password);
      }
      log.info("PostgreSQL: embedded on 127.0.0.1:{}, data in {} (survives restarts, fsync on), password in {}",
          server.getPort(), dataDirectory, passwordFile.path());
      return new LocalPostgres(
          server, password, watchdog ? PostmasterWatchdog.start(dataDirectory) : Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage()
              + ". Is another Pitcrew using this data directory?", e);
    } catch (IllegalStateException e) {
      // zonky's file lock: held only by a live process (a crashed one's lock is gone with it, see OrphanedPostmaster).
      if (e.getMessage() != null && e.getMessage().startsWith("could not lock")) {
        throw new IllegalStateException("Another Pitcrew is running on the data directory " + local.dataDir()
            .toAbsolutePath() + " (its PostgreSQL holds " + e.getMessage().substring("could not lock ".length())
            + "). Stop it, or start this one with another PITCREW_LOCAL_DATADIR.", e);
      }
      throw e;
    }
  }

  /**
   * A cluster another major version created (earlier Pitcrew builds embedded PostgreSQL 17) cannot be started by these
   * binaries; say so, and what to do, instead of the server's own "database files are incompatible" in its log.
   */
  private static void refuseAnotherMajor(Path dataDirectory) throws IOException {
    Path versionFile = dataDirectory.resolve("PG_VERSION");
    if (!Files.isRegularFile(versionFile)) {
      return;
    }
    String major = Files.readString(versionFile).strip();
    if (!major.equals(String.valueOf(EMBEDDED_MAJOR))) {
      throw new IllegalStateException("The local data directory " + dataDirectory + " holds a PostgreSQL " + major
          + " cluster, and this Pitcrew embeds PostgreSQL " + EMBEDDED_MAJOR + ". Local data is disposable: move "
          + dataDirectory + " aside (or start with another PITCREW_LOCAL_DATADIR) and Pitcrew creates a new cluster; "
          + "to keep the data, dump it with that version's pg_dump first and restore it into the new cluster.");
    }
  }

  /**
   * First start of a new cluster, or of one an older Pitcrew created with trust authentication: set the password
   * while the server still trusts, keep it, then require it. A crash before the file is saved leaves trust in
   * place and the next start repeats this with a new password.
   */
  private static void lockWithNewPassword(
      EmbeddedPostgres server, Path dataDirectory, PostgresPasswordFile passwordFile, String password) {
    PostgresClientAuthentication.setSuperuserPassword(server, password);
    passwordFile.save(password);
    PostgresClientAuthentication.requirePasswords(dataDirectory);
    PostgresClientAuthentication.reload(server);
    log.info("PostgreSQL: set a generated password for the embedded cluster, kept in {}", passwordFile.path());
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(LocalPostgres postgres) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.jdbcUrl());
    dataSource.setUsername(LocalPostgres.USER);
    dataSource.setPassword(postgres.password());
    // Sized against the intakes (docs/performance.md#back-pressure): requests hold a connection per statement, so
    // 16 serve the bounded requests in flight without waiting near the connection timeout.
    dataSource.setMaximumPoolSize(16);
    dataSource.setPoolName("pitcrew-embedded");
    return dataSource;
  }
}
