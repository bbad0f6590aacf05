package dev.pitcrew.api.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Who may connect to the embedded PostgreSQL: password (SCRAM) connections over loopback TCP, nothing else — no
 * trust, no Unix socket (any local user could reach a socket in /tmp). zonky's initdb trusts everyone, and data
 * directories from older Pitcrew versions do too, so the first start sets the superuser's password over that
 * still-trusting connection and only then locks the door.
 */
final class PostgresClientAuthentication {
  static final String PG_HBA =
      """
      # Written by Pitcrew at every start: password (SCRAM) connections over loopback TCP only.
      # The password is in ../pg-password. Edits here are overwritten.
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private PostgresClientAuthentication() {}

  /** Rewrites pg_hba.conf to password-only; takes effect at start or at {@link #reload}. */
  static void requirePasswords(Path dataDirectory) {
    Path hba = dataDirectory.resolve("pg_hba.conf");
    try {
      if (!Files.exists(hba) || !Files.readString(hba).equals(PG_HBA)) {
        Files.writeString(hba, PG_HBA);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + hba, e);
    }
  }

  /** Sets the superuser's password (SCRAM, PostgreSQL's default encryption) over the current connection. */
  static void setSuperuserPassword(EmbeddedPostgres postgres, String password) {
    if (password.isEmpty() || !password.chars().allMatch(HexFormat::isHexDigit)) {
      // Goes into SQL text: only the hexadecimal passwords PostgresPasswordFile generates are safe there.
      throw new IllegalArgumentException("the embedded PostgreSQL password must be hexadecimal");
    }
    execute(postgres, "ALTER ROLE postgres PASSWORD '" + password + "'");
  }

  static void reload(EmbeddedPostgres postgres) {
    execute(postgres, "SELECT pg_reload_conf()");
  }

  private static void execute(EmbeddedPostgres postgres, String sql) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot configure the embedded PostgreSQL's authentication: " + e.getMessage(), e);
    }
  }
}
