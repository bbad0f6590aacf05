package dev.pitcrew.api.local;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Local mode: the engines Pitcrew embeds when no cluster is configured.
 *
 * @param dataDir where the embedded PostgreSQL cluster and the dev server's SQLite file live across restarts
 * @param temporalPort gRPC port of the embedded Temporal engine (127.0.0.1 only)
 * @param temporalUiPort port of the Temporal UI when the dev server runs
 * @param postgresPort port of the embedded PostgreSQL; 0 picks a free one
 * @param devServerStartupTimeout how long to wait for the {@code temporal} CLI's dev server to answer
 * @param engine which embedded Temporal engine to run: AUTO (dev server when a CLI is found, else test server),
 *     DEV_SERVER (fail if no CLI) or TEST_SERVER
 */
@Validated
@ConfigurationProperties("pitcrew.local")
public record LocalModeProperties(
    @NotNull @DefaultValue(".pitcrew") Path dataDir,
    @Min(1) @Max(65535) @DefaultValue("7233") int temporalPort,
    @Min(1) @Max(65535) @DefaultValue("8233") int temporalUiPort,
    @Min(0) @Max(65535) @DefaultValue("0") int postgresPort,
    @NotNull @DefaultValue("60s") Duration devServerStartupTimeout,
    @NotNull @DefaultValue("AUTO") Engine engine) {

  public enum Engine {
    AUTO,
    DEV_SERVER,
    TEST_SERVER
  }
}
