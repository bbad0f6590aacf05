package dev.pitcrew.api.local;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param trainingRun the start-up cache's training run ({@code ./pitcrew run} on JDK 25): once ready, poll the
 *     readiness probe over HTTP until UP, then exit, so the cache covers the whole start up to a ready server
 * @param inProcessChannel with the Java test server (TEST_SERVER, or AUTO without a CLI): this process's own client
 *     and workers reach it over an in-process gRPC channel (messages passed as objects, not encoded and sent
 *     through a socket to itself); {@code temporalPort} still serves the CLI and other tools. False: over the port
 */
@Validated
@ConfigurationProperties("pitcrew.local")
public record LocalModeProperties(
    @NotNull @DefaultValue(".pitcrew") Path dataDir,
    @Min(1) @Max(65535) @DefaultValue("7233") int temporalPort,
    @Min(1) @Max(65535) @DefaultValue("8233") int temporalUiPort,
    @Min(0) @Max(65535) @DefaultValue("0") int postgresPort,
    @NotNull @DefaultValue("60s") Duration devServerStartupTimeout,
    @NotNull @DefaultValue("AUTO") Engine engine,
    @DefaultValue("false") boolean trainingRun,
    @DefaultValue("true") boolean inProcessChannel) {

  /** The constructor Spring binds (a record with a second constructor must name it). */
  @ConstructorBinding
  public LocalModeProperties {}

  /** Every setting but the training run and the channel (an ordinary start, over an in-process channel). */
  public LocalModeProperties(
      Path dataDir, int temporalPort, int temporalUiPort, int postgresPort, Duration devServerStartupTimeout,
      Engine engine) {
    this(dataDir, temporalPort, temporalUiPort, postgresPort, devServerStartupTimeout, engine, false, true);
  }

  public enum Engine {
    AUTO,
    DEV_SERVER,
    TEST_SERVER
  }
}
