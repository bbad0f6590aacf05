package dev.pitcrew.workflows.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What must hold in the restored copy for the drill to pass.
 *
 * @param compareRowCounts every table's row count must equal the source's at backup time (default true)
 * @param checksumTables tables ({@code schema.table}) whose content checksum must equal the source's at backup time
 * @param assertions SQL queries run in the restored copy that must each return a single {@code true}
 * @param minimumTables the restored copy must have at least this many tables (default 1: an empty restore fails)
 */
public record DrillVerification(
    Boolean compareRowCounts, List<String> checksumTables, List<SqlAssertion> assertions, Integer minimumTables) {
  public static final DrillVerification ROW_COUNTS_ONLY = new DrillVerification(true, List.of(), List.of(), 1);
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}\\.[a-z_][a-z0-9_]{0,62}");

  public DrillVerification {
    compareRowCounts = compareRowCounts == null || compareRowCounts;
    checksumTables = checksumTables == null ? List.of() : List.copyOf(checksumTables);
    assertions = assertions == null ? List.of() : List.copyOf(assertions);
    minimumTables = minimumTables == null ? 1 : minimumTables;
  }

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (checksumTables.size() > 50) {
      problems.add("checksumTables: at most 50");
    }
    for (int i = 0; i < checksumTables.size(); i++) {
      String table = checksumTables.get(i);
      if (table == null || !TABLE.matcher(table).matches()) {
        problems.add("checksumTables[" + i + "]: schema.table in lower case, e.g. public.players");
      }
    }
    if (assertions.size() > 50) {
      problems.add("assertions: at most 50");
    }
    for (int i = 0; i < assertions.size(); i++) {
      SqlAssertion assertion = assertions.get(i);
      if (assertion == null || assertion.name() == null || assertion.name().isBlank()
          || assertion.name().length() > 200) {
        problems.add("assertions[" + i + "].name: required, at most 200 characters");
      }
      if (assertion == null || assertion.sql() == null || assertion.sql().isBlank() || assertion.sql().length() > 4000) {
        problems.add("assertions[" + i + "].sql: required, at most 4000 characters, returning one boolean");
      }
    }
    if (minimumTables < 0 || minimumTables > 100000) {
      problems.add("minimumTables: between 0 and 100000");
    }
    return problems;
  }
}
