package dev.pitcrew.api.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Optional;

/**
 * The running embedded PostgreSQL and how to reach it: 127.0.0.1 only, with its superuser's password. The watchdog
 * (absent off Linux) stops the server should this JVM be killed; it is ended first on a normal close.
 */
public record LocalPostgres(EmbeddedPostgres server, String password, Optional<Process> watchdog)
    implements AutoCloseable {
  static final String USER = "postgres";

  public int port() {
    return server.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
  }

  @Override
  public void close() throws IOException {
    watchdog.ifPresent(Process::destroy);
    server.close();
  }

  @Override
  public String toString() {
    return "LocalPostgres[127.0.0.1:" + port() + ", password=****]";
  }
}
