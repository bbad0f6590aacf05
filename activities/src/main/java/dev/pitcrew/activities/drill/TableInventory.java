package dev.pitcrew.activities.drill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a database holds, in terms two copies can be compared by: the row count of every user table and a checksum
 * of the content of chosen tables. Read on the source inside the dump's snapshot and on the restored copy, each table
 * scanned once: a checksummed table's count comes from the same pass as its checksum.
 */
final class TableInventory {
  private static final String USER_TABLES = """
      select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
      order by 1, 2""";
  /** Marks a checksum as the sum of 64-bit row hashes, telling it apart from the sorted-md5 form of version 0.2. */
  static final String ROW_HASH_SUM = "h64:";

  /** Row counts of every user table, and checksums of the chosen tables that exist. */
  record Contents(Map<String, Long> rowCounts, Map<String, String> checksums) {}

  private TableInventory() {}

  static List<String> tables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(USER_TABLES)) {
      while (rows.next()) {
        tables.add(rows.getString(1) + "." + rows.getString(2));
      }
    }
    return tables;
  }

  /**
   * Counts every user table and checksums those of {@code checksumTables} that exist. The checksum is the sum of a
   * 64-bit hash of each row's text form: independent of physical order (a restore may lay rows out differently),
   * sensitive to a changed, missing or duplicated row, and computed without sorting, so it costs little more than
   * the count it is read with. It detects damage, not tampering: it is no cryptographic digest.
   */
  static Contents read(Connection connection, List<String> checksumTables) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, String> checksums = new TreeMap<>();
    for (String table : tables(connection)) {
      boolean checksummed = checksumTables.contains(table);
      String sql = checksummed
          ? "select count(*), coalesce(sum(hashtextextended(t::text, 0)), 0) from " + qualified(table) + " t"
          : "select count(*) from " + qualified(table);
      try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        counts.put(table, rows.getLong(1));
        if (checksummed) {
          checksums.put(table, ROW_HASH_SUM + rows.getBigDecimal(2).toPlainString());
        }
      }
    }
    return new Contents(counts, checksums);
  }

  /**
   * The checksum of {@code table} in the form {@code like} is written in: a backup taken by version 0.2 recorded
   * md5s of the sorted row md5s, and a drill that was under way during an upgrade must compare like with like.
   */
  static String checksumInFormOf(Connection connection, String table, String like, String current)
      throws SQLException {
    if (like == null || like.startsWith(ROW_HASH_SUM) || current == null) {
      return current;
    }
    String sql = "select md5(coalesce(string_agg(h, '' order by h), '')) from (select md5(t::text) h from "
        + qualified(table) + " t) rows";
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  static String qualified(String table) {
    int dot = table.indexOf('.');
    return DrillTargets.quote(table.substring(0, dot)) + "." + DrillTargets.quote(table.substring(dot + 1));
  }
}
