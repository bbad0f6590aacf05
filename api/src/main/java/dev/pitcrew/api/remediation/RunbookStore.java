package dev.pitcrew.api.remediation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runbooks in PostgreSQL. Every change (and every deletion) adds a row to {@code runbook_versions} in the same
 * transaction that changes {@code runbooks}, under a row lock on the runbook, so versions count up without gaps
 * and the history says who changed what.
 */
@Repository
class RunbookStore {
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final JsonMapper mapper;

  RunbookStore(JdbcClient jdbc, TransactionTemplate transaction, JsonMapper mapper) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.mapper = mapper;
  }

  record Stored(String name, int version, JsonNode document, String updatedBy, Instant updatedAt) {}

  record Version(int version, JsonNode document, String changedBy, Instant changedAt) {}

  /** Saves the document as the runbook's next version; answers it, or the current one if the document is unchanged. */
  Stored save(String name, JsonNode document, String by) {
    return transaction.execute(status -> {
      Optional<Stored> current = lockedCurrent(name);
      if (current.isPresent() && current.get().document().equals(document)) {
        return current.get();
      }
      int version = 1 + jdbc.sql("select coalesce(max(version), 0) from runbook_versions where name = ?")
          .param(name).query(Integer.class).single();
      String json = mapper.writeValueAsString(document);
      jdbc.sql("""
              insert into runbooks (name, version, document, updated_by, updated_at) values (?, ?, ?::jsonb, ?, now())
              on conflict (name) do update set version = excluded.version, document = excluded.document,
                  updated_by = excluded.updated_by, updated_at = excluded.updated_at
              """)
          .params(name, version, json, by).update();
      jdbc.sql("insert into runbook_versions (name, version, document, changed_by) values (?, ?, ?::jsonb, ?)")
          .params(name, version, json, by).update();
      return find(name).orElseThrow();
    });
  }

  /** Deletes the runbook, keeping its history (a last version without a document); false when there was none. */
  boolean delete(String name, String by) {
    return Boolean.TRUE.equals(transaction.execute(status -> {
      if (lockedCurrent(name).isEmpty()) {
        return false;
      }
      int version = 1 + jdbc.sql("select coalesce(max(version), 0) from runbook_versions where name = ?")
          .param(name).query(Integer.class).single();
      jdbc.sql("insert into runbook_versions (name, version, document, changed_by) values (?, ?, null, ?)")
          .params(name, version, by).update();
      jdbc.sql("delete from runbooks where name = ?").param(name).update();
      jdbc.sql("delete from remediation_switches where runbook = ?").param(name).update();
      return true;
    }));
  }

  Optional<Stored> find(String name) {
    return jdbc.sql("select name, version, document::text as document, updated_by, updated_at from runbooks where name = ?")
        .param(name).query(this::stored).optional();
  }

  List<Stored> all() {
    return jdbc.sql("select name, version, document::text as document, updated_by, updated_at from runbooks order by name")
        .query(this::stored).list();
  }

  List<Version> versions(String name) {
    return jdbc.sql("""
            select version, document::text as document, changed_by, changed_at from runbook_versions
            where name = ? order by version desc
            """)
        .param(name)
        .query((rs, row) -> new Version(rs.getInt("version"),
            rs.getString("document") == null ? null : mapper.readTree(rs.getString("document")),
            rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant()))
        .list();
  }

  private Optional<Stored> lockedCurrent(String name) {
    // Serialises changes of one runbook (and the first creation, through the advisory lock on its name).
    jdbc.sql("select pg_advisory_xact_lock(hashtext('runbook:' || ?))").param(name).query().singleRow();
    return find(name);
  }

  private Stored stored(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    Timestamp at = rs.getTimestamp("updated_at");
    return new Stored(rs.getString("name"), rs.getInt("version"), mapper.readTree(rs.getString("document")),
        rs.getString("updated_by"), at.toInstant());
  }
}
