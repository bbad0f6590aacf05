package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.drill.AssertionOutcome;
import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.DrillVerification;
import dev.pitcrew.workflows.drill.SqlAssertion;
import dev.pitcrew.workflows.drill.VerificationOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a drill checks in a restored database, whichever way it was restored (a logical dump into a scratch database,
 * a physical backup recovered on a scratch server): the tables and their row counts, the chosen tables' checksums
 * against the source's at backup time where those are known, and the SQL assertions, read-only.
 */
final class RestoredCopyCheck {
  private RestoredCopyCheck() {}

  static VerificationOutcome verify(DrillVerification verification, BackupInfo backup, Connection copy,
      Duration statementTimeout) throws SQLException {
    List<String> problems = new ArrayList<>();
    copy.setAutoCommit(false);
    try (Statement statement = copy.createStatement()) {
      statement.execute("set transaction read only");
      statement.execute("set local statement_timeout = " + statementTimeout.toMillis());
    }
    Map<String, Long> counts = TableInventory.rowCounts(copy);
    if (counts.size() < verification.minimumTables()) {
      problems.add("the copy has " + counts.size() + " tables, at least " + verification.minimumTables()
          + " expected");
    }
    if (verification.compareRowCounts()) {
      backup.sourceRowCounts().forEach((table, expected) -> {
        Long restored = counts.get(table);
        if (restored == null) {
          problems.add(table + " is missing");
        } else if (!restored.equals(expected)) {
          problems.add(table + " has " + restored + " rows, the source had " + expected);
        }
      });
    }
    Map<String, String> checksums = TableInventory.checksums(copy, verification.checksumTables());
    for (String table : verification.checksumTables()) {
      String expected = backup.sourceChecksums().get(table);
      String restored = checksums.get(table);
      if (restored == null) {
        problems.add("checksum table " + table + " is missing");
      } else if (expected != null && !expected.equals(restored)) {
        problems.add(table + " checksum " + restored + " differs from the source's " + expected);
      }
    }
    List<AssertionOutcome> assertions = new ArrayList<>();
    for (SqlAssertion assertion : verification.assertions()) {
      AssertionOutcome result = check(copy, assertion);
      assertions.add(result);
      if (!result.passed()) {
        problems.add("assertion '" + assertion.name() + "' " + result.detail());
      }
    }
    copy.rollback();
    return new VerificationOutcome(counts.size(), counts, checksums, assertions, problems);
  }

  /** Each assertion in its own savepoint, so one that errors does not spoil the ones after it. */
  private static AssertionOutcome check(Connection copy, SqlAssertion assertion) throws SQLException {
    var savepoint = copy.setSavepoint();
    try (PreparedStatement statement = copy.prepareStatement(assertion.sql());
        ResultSet rows = statement.executeQuery()) {
      if (!rows.next()) {
        return new AssertionOutcome(assertion.name(), false, "returned no row");
      }
      boolean value = rows.getBoolean(1);
      return value ? new AssertionOutcome(assertion.name(), true, "true")
          : new AssertionOutcome(assertion.name(), false, "returned " + rows.getString(1));
    } catch (SQLException e) {
      copy.rollback(savepoint);
      return new AssertionOutcome(assertion.name(), false, "failed: " + DrillTargets.describe(e));
    }
  }
}
