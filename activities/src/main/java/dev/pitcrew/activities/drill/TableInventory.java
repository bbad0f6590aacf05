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
 * of the content of chosen tables. Read on the source inside the dump's snapshot and on the restored copy.
 */
final class TableInventory {
  private static final String USER_TABLES = """
      select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
      order by 1, 2""";

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

  static Map<String, Long> rowCounts(Connection connection) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : tables(connection)) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select count(*) from " + qualified(table))) {
        rows.next();
        counts.put(table, rows.getLong(1));
      }
    }
    return counts;
  }

  /**
   * An order-independent digest of a table's rows (md5 of the sorted md5s of each row's text form), so the same
   * content restored in another physical order has the same checksum. Null when the table does not exist.
   */
  static Map<String, String> checksums(Connection connection, List<String> tables) throws SQLException {
    List<String> present = tables(connection);
    Map<String, String> checksums = new TreeMap<>();
    for (String table : tables) {
      if (!present.contains(table)) {
        continue;
      }
      String sql = "select md5(coalesce(string_agg(h, '' order by h), '')) from (select md5(t::text) h from "
          + qualified(table) + " t) rows";
      try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        checksums.put(table, rows.getString(1));
      }
    }
    return checksums;
  }

  static String qualified(String table) {
    int dot = table.indexOf('.');
    return DrillTargets.quote(table.substring(0, dot)) + "." + DrillTargets.quote(table.substring(dot + 1));
  }
}
