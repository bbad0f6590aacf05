package dev.pitcrew.api.remediation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runbooks alerts are matched against, read from PostgreSQL at most once per {@link #FRESHNESS} (so every API
 * replica takes up a change within that time, and an alert storm costs the database one read per second, not one
 * per delivery); a version's parsed form is kept, since versions never change.
 */
@Component
class RunbookCatalogue {
  private static final Logger log = LoggerFactory.getLogger(RunbookCatalogue.class);

  private final JdbcClient jdbc;
  private final RunbookReader reader;
  private final JsonMapper mapper;
  static final java.time.Duration FRESHNESS = java.time.Duration.ofSeconds(1);

  private final Map<String, Runbook> parsed = new ConcurrentHashMap<>();
  private record Read(long atNanos, List<Runbook> runbooks) {}
  private volatile Read last = new Read(0, List.of());
  private final ReentrantLock reloading = new ReentrantLock();

  RunbookCatalogue(JdbcClient jdbc, RunbookReader reader, JsonMapper mapper) {
    this.jdbc = jdbc;
    this.reader = reader;
    this.mapper = mapper;
  }

  /** The current runbooks, in name order: the first that matches an alert takes it. */
  List<Runbook> current() {
    Read read = last;
    if (fresh(read)) {
      return read.runbooks();
    }
    // One reload at a time. While it runs, deliveries go on with the last read (seconds old at most) rather than
    // queue behind it: in a storm that reload waits for a pooled connection like everything else, and every page
    // would wait with it. Only with no read to fall back on (at start, or just after a change) do they wait.
    boolean known = read.atNanos() != 0;
    if (known) {
      if (!reloading.tryLock()) {
        return read.runbooks();
      }
    } else {
      reloading.lock();
    }
    try {
      read = last;
      if (fresh(read)) {
        return read.runbooks();
      }
      List<Runbook> runbooks;
      try {
        runbooks = load();
      } catch (DataAccessException unavailable) {
        if (read.atNanos() == 0) {
          throw unavailable;
        }
        // PostgreSQL down or slow must not stop alerts: they are matched against the runbooks last read, and
        // the next reload is tried a period later.
        log.warn("Runbooks not re-read, alerts are matched against the last read: {}", unavailable.getMessage());
        last = new Read(System.nanoTime(), read.runbooks());
        return read.runbooks();
      }
      last = new Read(System.nanoTime(), runbooks);
      return runbooks;
    } finally {
      reloading.unlock();
    }
  }

  private static boolean fresh(Read read) {
    return read.atNanos() != 0 && System.nanoTime() - read.atNanos() < FRESHNESS.toNanos();
  }

  /** Forgets the last read: the next delivery sees a change made through this replica at once. */
  void changed() {
    last = new Read(0, List.of());
  }

  private List<Runbook> load() {
    record Row(String name, int version, boolean dryRunSwitch) {}
    List<Row> rows = jdbc.sql("""
            select r.name, r.version, coalesce(s.dry_run, false) from runbooks r
            left join remediation_switches s on s.runbook = r.name order by r.name
            """)
        .query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getBoolean(3))).list();
    return rows.stream()
        .map(row -> {
          Runbook runbook = parsed.computeIfAbsent(row.name() + "@" + row.version(),
              key -> load(row.name(), row.version()));
          return runbook == null ? null : runbook.withDryRunSwitch(row.dryRunSwitch());
        })
        .filter(java.util.Objects::nonNull)
        .sorted(Comparator.comparing(Runbook::name))
        .toList();
  }

  /** The first runbook whose matchers all match, and which can derive its target from the labels. */
  static Optional<Runbook> firstMatch(List<Runbook> runbooks, Map<String, String> labels) {
    return runbooks.stream().filter(r -> r.matches(labels) && r.targetOf(labels).isPresent()).findFirst();
  }

  private Runbook load(String name, int version) {
    String json = jdbc.sql("select document::text from runbook_versions where name = ? and version = ?")
        .params(name, version).query(String.class).optional().orElse(null);
    if (json == null) {
      return null;
    }
    try {
      return Runbook.of(name, version, reader.document(mapper.readTree(json)));
    } catch (RuntimeException stale) {
      // Stored by an older Pitcrew whose rules this one no longer accepts: it must not take alerts silently.
      log.error("Runbook {} v{} no longer passes validation and takes no alerts: {}", name, version, stale.getMessage());
      return null;
    }
  }
}
