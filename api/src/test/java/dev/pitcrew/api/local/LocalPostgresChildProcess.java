package dev.pitcrew.api.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts local mode's PostgreSQL in its own JVM and then waits to be killed, so a test can crash "Pitcrew" with
 * {@code destroyForcibly()} (SIGKILL, no shutdown hooks) and find the postmaster left behind — or, with
 * {@code --watchdog}, see it stopped.
 */
public final class LocalPostgresChildProcess {
  static final String READY = "LOCAL-POSTGRES-READY";

  private LocalPostgresChildProcess() {}

  public static void main(String[] args) throws Exception {
    LocalModeProperties local = new LocalModeProperties(
        Path.of(args[0]), 7233, 8233, 0, Duration.ofSeconds(5), LocalModeProperties.Engine.TEST_SERVER);
    boolean watchdog = args.length > 1 && args[1].equals("--watchdog");
    LocalPostgres postgres = new EmbeddedPostgresConfiguration().localPostgres(local, watchdog);
    System.out.println(READY + " " + postgres.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
