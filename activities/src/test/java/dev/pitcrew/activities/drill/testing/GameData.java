package dev.pitcrew.activities.drill.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** A generated game database to drill: players and their items, with a foreign key and an index. */
public final class GameData {
  private GameData() {}

  /** Creates {@code database} with {@code players} players and two items each, unless it exists. */
  public static void create(EmbeddedPostgres server, String database, int players) throws SQLException {
    try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
      if (statement.executeQuery("select 1 from pg_database where datname = '" + database + "'").next()) {
        return;
      }
      statement.execute("create database " + database);
    }
    try (Connection game = server.getDatabase("postgres", database).getConnection();
        Statement statement = game.createStatement()) {
      statement.execute("""
          create table players (id bigint primary key, name text not null, level int not null,
                                joined_at timestamptz not null, profile jsonb not null)""");
      statement.execute("""
          create table items (id bigserial primary key, player_id bigint not null references players(id),
                              kind text not null, power numeric(10, 2) not null)""");
      statement.execute("create index items_by_player on items (player_id)");
      statement.execute("insert into players select g, 'player-' || g, g % 80, timestamptz '2026-01-01' + g * interval"
          + " '1 minute', jsonb_build_object('guild', g % 97, 'bio', repeat(md5(g::text), 4)) from generate_series(1, "
          + players + ") g");
      statement.execute("insert into items (player_id, kind, power) select (g % " + players + ") + 1, 'kind-' || g % 13,"
          + " (g % 1000) / 3.0 from generate_series(1, " + 2 * players + ") g");
      statement.execute("analyze");
    }
  }

  /** A plain pg_dump -Fc of the database, as a nightly backup job would write it. */
  public static Path dump(EmbeddedPostgres server, String database, Path file) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("pg_dump", "--format=custom", "--host=localhost",
        "--port=" + server.getPort(), "--username=postgres", "--file=" + file, database)
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("pg_dump failed: " + output);
    }
    return file;
  }
}
