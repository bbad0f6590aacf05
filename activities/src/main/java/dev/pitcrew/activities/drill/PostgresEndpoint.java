package dev.pitcrew.activities.drill;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a drill's database is and how to log in: for JDBC (verification, scratch databases) and for the client
 * tools, which get the password through {@code PGPASSWORD} in their environment, never on the command line.
 * {@link #toString()} leaves the password out.
 */
record PostgresEndpoint(String host, int port, String database, String username, String password) {

  String jdbcUrl(String databaseName) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + databaseName;
  }

  Connection connect(String databaseName) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", username);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "pitcrew-drill");
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(jdbcUrl(databaseName), properties);
  }

  /** Environment of pg_dump/pg_restore runs against this server. */
  Map<String, String> toolEnvironment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("PGHOST", host);
    environment.put("PGPORT", Integer.toString(port));
    environment.put("PGUSER", username);
    environment.put("PGCONNECT_TIMEOUT", "10");
    if (password != null) {
      environment.put("PGPASSWORD", password);
    }
    return environment;
  }

  String describe() {
    return username + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return describe();
  }
}
