package dev.pitcrew.activities.drill;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.drills.*}: where the drill's tools and files are on a worker.
 *
 * @param pgBinDir directory holding pg_dump and pg_restore; unset → found on the PATH
 * @param workDirectory where dumps a drill takes are written (and deleted again when it cleans up); default
 *     {@code <java.io.tmpdir>/pitcrew-drills} (a placeholder in {@code @DefaultValue} is not resolved: it made a
 *     directory literally named {@code ${java.io.tmpdir}} under the working directory)
 * @param heartbeatInterval how often a running pg_dump/pg_restore/verification reports that it is alive (and
 *     learns that its run was cancelled)
 * @param statementTimeout limit of each verification query (row counts, checksums, assertions)
 */
@Validated
@ConfigurationProperties("pitcrew.drills")
public record DrillProperties(
    Path pgBinDir,
    Path workDirectory,
    @DefaultValue("2s") @NotNull Duration heartbeatInterval,
    @DefaultValue("30m") @NotNull Duration statementTimeout) {

  public DrillProperties {
    workDirectory = workDirectory == null ? Path.of(System.getProperty("java.io.tmpdir"), "pitcrew-drills")
        : workDirectory;
    // The drill's long steps have a 10 s heartbeat timeout: a worker must beat well within it.
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || heartbeatInterval.toMillis() > 8000) {
      throw new IllegalArgumentException("pitcrew.drills.heartbeat-interval must be between 1ms and 8s");
    }
  }
}
