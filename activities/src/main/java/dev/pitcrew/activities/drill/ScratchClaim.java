package dev.pitcrew.activities.drill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The right to touch a run's scratch database: a session-level advisory lock on the drilled server, keyed by the
 * scratch database's name and held by the connection until it closes. Restore attempts and the clean-up take it, so
 * they never work on the same scratch database at once; a worker killed mid-restore loses its session and with it
 * the claim, without anyone releasing it.
 */
final class ScratchClaim {
  /** How long to wait for the attempt holding the claim; a stale attempt stops within a heartbeat timeout. */
  static final Duration WAIT = Duration.ofMinutes(2);

  private ScratchClaim() {}

  /** Blocks until this connection holds the claim; fails (SQL lock timeout) after {@link #WAIT}. */
  static void claim(Connection admin, String scratchDatabase) throws SQLException {
    try (Statement statement = admin.createStatement()) {
      statement.execute("set lock_timeout = " + WAIT.toMillis());
    }
    try (PreparedStatement lock = admin.prepareStatement("select pg_advisory_lock(hashtextextended(?, 0))")) {
      lock.setString(1, "pitcrew drill scratch " + scratchDatabase);
      lock.execute();
    } finally {
      try (Statement statement = admin.createStatement()) {
        statement.execute("reset lock_timeout");
      }
    }
  }
}
