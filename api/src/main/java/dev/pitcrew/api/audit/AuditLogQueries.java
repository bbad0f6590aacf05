package dev.pitcrew.api.audit;

import dev.pitcrew.activities.audit.AuditRecord;
import dev.pitcrew.activities.audit.AuditRows;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads {@code audit_log} for the API: a filtered page, newest first, or everything filtered, oldest first. */
@Repository
class AuditLogQueries {
  private static final int EXPORT_PAGE = 500;

  private final JdbcClient jdbc;

  AuditLogQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Newest first; one extra row tells whether another page follows. */
  List<AuditRecord> page(AuditQuery query, int page, int size) {
    Where where = where(query);
    JdbcClient.StatementSpec statement = jdbc.sql(
        "select " + AuditRows.COLUMNS + " from audit_log" + where.sql() + " order by id desc limit :limit offset :offset");
    where.bind(statement);
    return statement.param("limit", size + 1).param("offset", (long) page * size).query(AuditRows::map).list();
  }

  /**
   * Hands every matching row to {@code sink} in chain order, a page at a time (by id, so it never holds more than
   * one page nor slows down with depth).
   */
  void export(AuditQuery query, Consumer<AuditRecord> sink) {
    long after = Long.MIN_VALUE;
    while (true) {
      Where where = where(query).and("id > :after");
      JdbcClient.StatementSpec statement = jdbc.sql(
          "select " + AuditRows.COLUMNS + " from audit_log" + where.sql() + " order by id limit :limit");
      where.bind(statement);
      List<AuditRecord> rows = statement.param("after", after).param("limit", EXPORT_PAGE)
          .query(AuditRows::map).list();
      rows.forEach(sink);
      if (rows.size() < EXPORT_PAGE) {
        return;
      }
      after = rows.getLast().id();
    }
  }

  private static Where where(AuditQuery query) {
    Where where = new Where();
    if (query.principal() != null) {
      where.and("principal = :principal").bind("principal", query.principal());
    }
    if (query.channel() != null) {
      where.and("channel = :channel").bind("channel", query.channel());
    }
    if (query.actionPrefix() != null) {
      where.and("action like :action escape '\\'").bind("action", likePrefix(query.actionPrefix()));
    }
    if (query.target() != null) {
      where.and("target = :target").bind("target", query.target());
    }
    if (query.outcome() != null) {
      where.and("outcome = :outcome").bind("outcome", query.outcome().name());
    }
    if (query.from() != null) {
      where.and("at >= :from").bind("from", Timestamp.from(query.from()));
    }
    if (query.to() != null) {
      where.and("at < :to").bind("to", Timestamp.from(query.to()));
    }
    return where;
  }

  /** The prefix taken literally: {@code %} and {@code _} in it are not wildcards. */
  private static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /** Conditions joined with {@code and}, and the values they are bound to. */
  private static final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object[]> values = new ArrayList<>();

    Where and(String condition) {
      conditions.add(condition);
      return this;
    }

    Where bind(String name, Object value) {
      values.add(new Object[] {name, value});
      return this;
    }

    String sql() {
      return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    void bind(JdbcClient.StatementSpec statement) {
      values.forEach(v -> statement.param((String) v[0], v[1]));
    }
  }
}
