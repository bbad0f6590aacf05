package dev.pitcrew.activities.audit;

import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks {@code audit_log} in id order, a page at a time, recomputing each row's hash and checking that its
 * {@code prev_hash} is the hash of the row before. The oldest row's {@code prev_hash} is taken as the anchor (it
 * points at a row pruned by retention, or is null at the very start). The walk reads one snapshot, so appends
 * and pruning while it runs cannot look like a break.
 */
@Component
public class AuditVerifier {
  private static final int PAGE = 1_000;

  private final JdbcClient jdbc;
  private final TransactionTemplate snapshot;

  public AuditVerifier(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.snapshot = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.snapshot.setReadOnly(true);
  }

  public AuditVerification verify() {
    return snapshot.execute(status -> walk());
  }

  private AuditVerification walk() {
    long checked = 0;
    AuditRecord previous = null;
    long after = Long.MIN_VALUE;
    while (true) {
      List<AuditRecord> page = jdbc.sql("select " + AuditRows.COLUMNS + " from audit_log where id > ? order by id limit ?")
          .params(after, PAGE)
          .query(AuditRows::map)
          .list();
      for (AuditRecord row : page) {
        if (previous != null && !Objects.equals(row.prevHash(), previous.hash())) {
          return AuditVerification.broken(checked, row.id(),
              "prev_hash is not the hash of row " + previous.id() + ": a row between them was removed, or row "
                  + previous.id() + " was changed and its hash recomputed");
        }
        if (!Objects.equals(row.hash(), row.expectedHash())) {
          return AuditVerification.broken(checked, row.id(), "hash does not match the row's contents");
        }
        previous = row;
        checked++;
      }
      if (page.size() < PAGE) {
        return AuditVerification.intact(checked);
      }
      after = page.getLast().id();
    }
  }
}
