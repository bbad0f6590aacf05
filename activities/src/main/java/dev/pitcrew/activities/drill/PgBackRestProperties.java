package dev.pitcrew.activities.drill;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.drills.pgbackrest.*}: where drills of target kind {@code pgbackrest} find pgBackRest and the
 * PostgreSQL server binaries, and where they recover their scratch copies.
 *
 * @param executable the {@code pgbackrest} command (a name on the PATH or an absolute path)
 * @param serverBinDir directory holding {@code pg_ctl} and {@code postgres} of the backups' major version; unset →
 *     Debian's {@code /usr/lib/postgresql/<major>/bin} (package {@code postgresql-<major>})
 * @param scratchDirectory where scratch data directories are restored (one per running drill, as large as the
 *     database); default {@code <java.io.tmpdir>/pitcrew-drills/pgbackrest}
 * @param serverSettings extra settings of every scratch server (e.g. {@code shared_buffers}), beside the ones the
 *     drill always sets (port, localhost only, no archiving, no hot standby); keys are PostgreSQL's setting names
 *     ({@code shared.buffers} or {@code shared-buffers}, as an environment variable binds, mean {@code shared_buffers})
 */
@Validated
@ConfigurationProperties("pitcrew.drills.pgbackrest")
public record PgBackRestProperties(
    @DefaultValue("pgbackrest") @NotBlank String executable,
    Path serverBinDir,
    Path scratchDirectory,
    Map<String, String> serverSettings) {

  public PgBackRestProperties {
    scratchDirectory = scratchDirectory == null
        ? Path.of(System.getProperty("java.io.tmpdir"), "pitcrew-drills", "pgbackrest") : scratchDirectory;
    // PostgreSQL names settings with '_', which an environment variable's relaxed binding turns into '.' or '-'.
    serverSettings = serverSettings == null ? Map.of() : serverSettings.entrySet().stream().collect(
        java.util.stream.Collectors.toUnmodifiableMap(
            e -> e.getKey().replace('.', '_').replace('-', '_').toLowerCase(java.util.Locale.ROOT),
            Map.Entry::getValue));
    if (!serverSettings.keySet().stream().allMatch(name -> name.matches("[a-z][a-z0-9_]{0,62}"))) {
      throw new IllegalArgumentException("pitcrew.drills.pgbackrest.server-settings: keys are PostgreSQL setting names");
    }
    if (!scratchDirectory.isAbsolute() || scratchDirectory.toString().matches(".*[\\s'\"\\\\].*")) {
      throw new IllegalArgumentException(
          "pitcrew.drills.pgbackrest.scratch-directory must be an absolute path without spaces or quotes");
    }
  }
}
