package dev.pitcrew.api.local;

import dev.pitcrew.workers.temporal.TemporalEndpoint;
import dev.pitcrew.workers.temporal.TemporalProperties;
import io.temporal.testing.TemporalDevServer;
import io.temporal.testing.TemporalDevServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the Temporal engine at start-up, in this order: a configured cluster ({@code PITCREW_TEMPORAL_TARGET});
 * else the real dev server from a {@code temporal} CLI (SQLite state under the data directory, Temporal UI);
 * else Temporal's Java test server in this process. Nothing is ever downloaded.
 */
@Configuration(proxyBeanMethods = false)
public class TemporalEngineConfiguration {
  private static final Logger log = LoggerFactory.getLogger(TemporalEngineConfiguration.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final String pathVariable;

  public TemporalEngineConfiguration() {
    this(System.getenv("PATH"));
  }

  /** @param pathVariable the PATH searched for a {@code temporal} CLI */
  TemporalEngineConfiguration(String pathVariable) {
    this.pathVariable = pathVariable;
  }

  @Bean(destroyMethod = "close")
  TemporalEngine temporalEngine(TemporalProperties temporal, LocalModeProperties local) {
    if (temporal.clusterMode()) {
      log.info("Temporal engine: cluster at {} (namespace {}); no embedded engine started",
          temporal.target(), temporal.namespace());
      return new TemporalEngine(TemporalEndpoint.cluster(temporal.target(), temporal.namespace(), null), null);
    }
    Optional<Path> cli =
        local.engine() == LocalModeProperties.Engine.TEST_SERVER
            ? Optional.empty()
            : TemporalCliLocator.locate(temporal.cli(), pathVariable);
    if (cli.isEmpty() && local.engine() == LocalModeProperties.Engine.DEV_SERVER) {
      throw new IllegalStateException(
          "pitcrew.local.engine=DEV_SERVER but no temporal CLI was found on PATH or at PITCREW_TEMPORAL_CLI");
    }
    return cli.isPresent() ? startDevServer(cli.get(), temporal, local) : startTestServer(temporal, local);
  }

  @Bean
  TemporalEndpoint temporalEndpoint(TemporalEngine engine) {
    return engine.endpoint();
  }

  private static TemporalEngine startDevServer(Path cli, TemporalProperties temporal, LocalModeProperties local) {
    Path database = local.dataDir().resolve("temporal").resolve("temporal.db").toAbsolutePath();
    createDirectories(database.getParent());
    TemporalDevServer server =
        TemporalDevServer.start(
            TemporalDevServerOptions.newBuilder()
                .setExistingPath(cli.toString())
                .setDownloadEnabled(false)
                .setIp(LOOPBACK)
                .setPort(local.temporalPort())
                .setDatabaseFilename(database.toString())
                .setUiEnabled(true)
                .setUiPort(local.temporalUiPort())
                .setLogFile(local.dataDir().resolve("temporal").resolve("dev-server.log").toAbsolutePath().toString())
                .setStartupTimeout(local.devServerStartupTimeout())
                .build());
    String ui = "http://" + LOOPBACK + ":" + local.temporalUiPort();
    log.info("Temporal engine: dev server from {} on {}, state in {} (survives restarts), Temporal UI at {}",
        cli, server.getTarget(), database, ui);
    return new TemporalEngine(
        new TemporalEndpoint(server.getTarget(), temporal.namespace(), "dev-server", ui, true, true), server);
  }

  private static TemporalEngine startTestServer(TemporalProperties temporal, LocalModeProperties local) {
    LoopbackTestServer server;
    try {
      server = LoopbackTestServer.start(local.temporalPort(), true, local.inProcessChannel());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot start the embedded Temporal engine on 127.0.0.1:" + local.temporalPort()
              + " (is another Pitcrew or Temporal running there?). Set PITCREW_LOCAL_TEMPORALPORT to a free port.",
          e);
    }
    String target = LOOPBACK + ":" + local.temporalPort();
    log.warn("Temporal engine: Java test server in this process on {} ({}). It keeps workflow state in memory only "
            + "(runs survive worker restarts, not a restart of this process) and has no Temporal UI or "
            + "Schedules. For both, install the temporal CLI (on PATH or PITCREW_TEMPORAL_CLI) or point "
            + "PITCREW_TEMPORAL_TARGET at a cluster.", target,
        server.inProcessChannel() != null ? "Pitcrew's own client over an in-process channel" : "Pitcrew's own "
            + "client over the port");
    return new TemporalEngine(
        new TemporalEndpoint(target, temporal.namespace(), "test-server", null, false, false,
            server.inProcessChannel()),
        server);
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the Temporal data directory " + dir, e);
    }
  }
}
