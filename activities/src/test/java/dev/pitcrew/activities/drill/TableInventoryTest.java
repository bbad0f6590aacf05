package dev.pitcrew.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.drill.testing.Postgres15;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Counts and checksums that two copies are compared by, read from a real PostgreSQL 15. */
class TableInventoryTest {
  private static final List<String> CHECKSUMMED = List.of("public.scores", "public.absent");

  @BeforeAll
  static void twoCopiesInDifferentPhysicalOrder() throws SQLException {
    try (Connection admin = Postgres15.server().getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("drop database if exists inventory_a");
      statement.execute("drop database if exists inventory_b");
      statement.execute("create database inventory_a");
      statement.execute("create database inventory_b");
    }
    fill("inventory_a", "order by g");
    fill("inventory_b", "order by g desc");
  }

  private static void fill(String database, String order) throws SQLException {
    try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
      statement.execute("create table scores (id int primary key, player text, score numeric(8, 2))");
      statement.execute("create table notes (id int)");
      statement.execute("insert into scores select g, 'p' || g, g / 7.0 from generate_series(1, 500) g " + order);
      statement.execute("insert into notes select generate_series(1, 3)");
    }
  }

  private static Connection connect(String database) throws SQLException {
    return Postgres15.server().getDatabase("postgres", database).getConnection();
  }

  @Test
  void theSameRowsInAnotherOrderHaveTheSameCountsAndChecksums() throws SQLException {
    TableInventory.Contents a;
    TableInventory.Contents b;
    try (Connection first = connect("inventory_a"); Connection second = connect("inventory_b")) {
      a = TableInventory.read(first, CHECKSUMMED);
      b = TableInventory.read(second, CHECKSUMMED);
    }
    assertThat(a.rowCounts()).containsExactlyEntriesOf(
        new java.util.TreeMap<>(java.util.Map.of("public.notes", 3L, "public.scores", 500L)));
    assertThat(a.checksums()).containsOnlyKeys("public.scores");
    assertThat(a.checksums().get("public.scores")).startsWith(TableInventory.ROW_HASH_SUM);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void aChangedDuplicatedOrMissingRowChangesTheChecksum() throws SQLException {
    try (Connection connection = connect("inventory_a")) {
      connection.setAutoCommit(false);
      String original = TableInventory.read(connection, CHECKSUMMED).checksums().get("public.scores");
      try (Statement statement = connection.createStatement()) {
        statement.execute("update scores set score = score + 0.01 where id = 250");
        String changed = TableInventory.read(connection, CHECKSUMMED).checksums().get("public.scores");
        statement.execute("update scores set score = score - 0.01 where id = 250");
        statement.execute("alter table scores drop constraint scores_pkey");
        statement.execute("insert into scores select * from scores where id = 7");
        String duplicated = TableInventory.read(connection, CHECKSUMMED).checksums().get("public.scores");
        statement.execute("delete from scores where id = 7");
        String missing = TableInventory.read(connection, CHECKSUMMED).checksums().get("public.scores");
        assertThat(List.of(changed, duplicated, missing)).doesNotContain(original).doesNotHaveDuplicates();
      } finally {
        connection.rollback();
      }
    }
  }

  @Test
  void aBackupFromBeforeTheRowHashSumIsComparedInItsOwnForm() throws SQLException {
    try (Connection first = connect("inventory_a"); Connection second = connect("inventory_b")) {
      String current = TableInventory.read(second, CHECKSUMMED).checksums().get("public.scores");
      String legacyA = TableInventory.checksumInFormOf(first, "public.scores", "0123456789abcdef0123456789abcdef",
          TableInventory.read(first, CHECKSUMMED).checksums().get("public.scores"));
      String legacyB = TableInventory.checksumInFormOf(second, "public.scores", legacyA, current);
      assertThat(legacyA).hasSize(32).doesNotStartWith(TableInventory.ROW_HASH_SUM).isEqualTo(legacyB);
      assertThat(TableInventory.checksumInFormOf(second, "public.scores", current, current)).isEqualTo(current);
    }
  }
}
