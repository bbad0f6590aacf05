package dev.pitcrew.activities.failure;

import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * PostgreSQL refusing a record's data, as opposed to being unavailable. A data exception (SQLState class 22, e.g.
 * {@code invalid byte sequence for encoding "UTF8": 0x00}) or a NOT NULL / CHECK violation fails the same way on
 * every retry, so retrying it only holds the caller up forever; it becomes one non-retryable, visible failure of
 * type {@value #TYPE} instead. Unique and foreign-key violations stay retryable: they are races with another
 * writer (a child row ahead of its parent) that a retry resolves.
 */
public final class StorageRefused {
  public static final String TYPE = "StorageRefused";
  private static final Set<String> REFUSED_CONSTRAINTS = Set.of("23502", "23514");

  private StorageRefused() {}

  /** Runs a write, turning a refusal of its data into a non-retryable {@link ApplicationFailure}. */
  public static <T> T translating(String what, Supplier<T> write) {
    try {
      return write.get();
    } catch (RuntimeException e) {
      String state = sqlState(e);
      if (state != null && refused(state)) {
        throw ApplicationFailure.newNonRetryableFailureWithCause(
            "PostgreSQL refused to store " + what + " (SQLState " + state + "); retrying cannot help", TYPE, e);
      }
      throw e;
    }
  }

  public static void translating(String what, Runnable write) {
    translating(what, () -> {
      write.run();
      return null;
    });
  }

  static boolean refused(String sqlState) {
    return sqlState.startsWith("22") || REFUSED_CONSTRAINTS.contains(sqlState);
  }

  private static String sqlState(Throwable error) {
    for (Throwable at = error; at != null; at = at.getCause()) {
      if (at instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
