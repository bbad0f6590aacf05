package dev.pitcrew.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The chain on a real PostgreSQL of its own (these tests tamper with it, which no other test may see): it stays
 * linear under concurrent writers, and a changed or removed row is found where it is.
 */
class AuditTrailTest {
  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private AuditRetention retention;
  private AuditTrail trail;
  private AuditVerifier verifier;
  private JdbcClient jdbc;

  @BeforeAll
  static void startDatabase() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    postgres.close();
  }

  @BeforeEach
  void emptyLog() throws SQLException {
    asSuperuserWithoutTriggers("delete from audit_log");
    jdbc = JdbcClient.create(dataSource);
    retention = new AuditRetention(dataSource, new AuditProperties(Duration.ofDays(400)));
    trail = new AuditTrail(dataSource, retention, meters);
    verifier = new AuditVerifier(dataSource);
  }

  @Test
  void appendsALinearChainThatVerifiesInJavaAndInSql() {
    for (int i = 0; i < 5; i++) {
      trail.record(event("alice@studio.example", "POST /api/v1/deployments/{workflowId}/approve", "deploy-" + i));
    }

    assertThat(verifier.verify()).isEqualTo(new AuditVerification(true, 5, null, null));
    List<AuditRecord> rows = rows();
    assertThat(rows.getFirst().prevHash()).isNull();
    for (int i = 1; i < rows.size(); i++) {
      assertThat(rows.get(i).prevHash()).isEqualTo(rows.get(i - 1).hash());
    }
    assertThat(jdbc.sql("select count(*) from audit_log a where hash = audit_log_row_hash(a)")
        .query(Integer.class).single()).isEqualTo(5);
  }

  @Test
  void theByHandChecksInTheDocsFindAChangedRow() throws Exception {
    for (int i = 0; i < 4; i++) {
      trail.record(event("alice ünïcødé | 1:x", "deployment.approve", i % 2 == 0 ? null : "deploy-" + i));
    }
    long second = rows().get(1).id();
    assertThat(byHand()).isEmpty();
    asSuperuserWithoutTriggers("update audit_log set target = 'elsewhere' where id = " + second);

    assertThat(byHand()).containsExactly(second);
    assertThat(jdbc.sql("select id from audit_log a where hash <> audit_log_row_hash(a) order by id")
        .query(Long.class).list()).containsExactly(second);
    asSuperuserWithoutTriggers("delete from audit_log where id = " + second);
    assertThat(jdbc.sql(
            """
            select id from (select id, prev_hash, lag(hash) over (order by id) as before,
                                   row_number() over (order by id) as n from audit_log) chain
            where n > 1 and prev_hash is distinct from before
            """)
        .query(Long.class).list()).containsExactly(rows().get(1).id());
  }

  /** docs/security.md's check with a session function of one's own, not the database's. */
  private static List<Long> byHand() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("""
          create function pg_temp.f(v text) returns text language sql as
            $$ select coalesce(octet_length(convert_to(v, 'UTF8')) || ':' || v, '-') $$""");
      List<Long> broken = new ArrayList<>();
      try (var rs = statement.executeQuery("""
          select id from audit_log
          where hash <> encode(sha256(convert_to('v1'
              || '|' || pg_temp.f(id::text)
              || '|' || pg_temp.f(to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
              || '|' || pg_temp.f(principal) || '|' || pg_temp.f(channel) || '|' || pg_temp.f(source_address)
              || '|' || pg_temp.f(action) || '|' || pg_temp.f(target) || '|' || pg_temp.f(outcome)
              || '|' || pg_temp.f(reason) || '|' || pg_temp.f(prev_hash), 'UTF8')), 'hex')
          order by id""")) {
        while (rs.next()) {
          broken.add(rs.getLong(1));
        }
      }
      return broken;
    }
  }

  @Test
  void concurrentWritersStillMakeOneLine() throws Exception {
    eightWritersAtOnce((writer, i) -> event("writer-" + writer, "deployment.approve", "deploy-" + i));

    assertThat(verifier.verify()).isEqualTo(new AuditVerification(true, 200, null, null));
    assertThat(jdbc.sql("select count(distinct prev_hash) from audit_log").query(Integer.class).single())
        .isEqualTo(199);
    assertThat(meters.counter(AuditTrail.WRITE_FAILURES).count()).isZero();
  }

  /**
   * A storm of concurrent appends on a pool of two connections, one of them held by a long turn of the chain lock
   * (as a pruning or another replica's append would): callers queue for their turn in the process, not for the
   * pool, so none times out waiting for a connection, and they are committed in groups, not one transaction each.
   */
  @Test
  void aStormOfAppendsQueuesForItsTurnNotForThePool() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(1_000);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      AuditTrail pooled = new AuditTrail(pool, retention, meters);
      CountDownLatch lockHeld = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread holder = Thread.ofVirtual().start(() -> {
        try (Connection connection = dataSource.getConnection()) {
          connection.setAutoCommit(false);
          try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_xact_lock(" + AuditChainLock.KEY + ")");
          }
          lockHeld.countDown();
          release.await();
          connection.commit();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      lockHeld.await();
      List<Future<?>> done = new ArrayList<>();
      try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 100; i++) {
          int n = i;
          done.add(callers.submit(() -> pooled.record(event("hook-" + n, "POST /api/v1/hooks/alertmanager", null))));
        }
        // Longer than the pool's connection timeout: one pooled connection per waiting caller would time out.
        Thread.sleep(2_000);
        release.countDown();
        for (Future<?> f : done) {
          f.get();
        }
      }
      holder.join();

      assertThat(meters.counter(AuditTrail.WRITE_FAILURES).count()).isZero();
      assertThat(verifier.verify()).isEqualTo(new AuditVerification(true, 100, null, null));
      assertThat(jdbc.sql("select count(distinct xmin::text) from audit_log").query(Integer.class).single())
          .as("transactions that wrote the 100 rows: in groups, not one each").isLessThan(50);
    }
  }

  @Test
  void aChangedRowIsFoundWhereItIs() throws SQLException {
    for (int i = 0; i < 6; i++) {
      trail.record(event("alice", "deployment.approve", "deploy-" + i));
    }
    long third = rows().get(2).id();

    assertThatThrownBy(() -> jdbc.sql("update audit_log set principal = 'mallory' where id = ?").param(third).update())
        .hasMessageContaining("append-only");
    asSuperuserWithoutTriggers("update audit_log set principal = 'mallory' where id = " + third);

    AuditVerification verification = verifier.verify();
    assertThat(verification.ok()).isFalse();
    assertThat(verification.firstBrokenId()).isEqualTo(third);
    assertThat(verification.rowsChecked()).isEqualTo(2);
    assertThat(verification.reason()).contains("hash does not match");
  }

  @Test
  void aRemovedRowIsFoundAtTheRowAfterIt() throws SQLException {
    for (int i = 0; i < 6; i++) {
      trail.record(event("alice", "deployment.approve", "deploy-" + i));
    }
    List<AuditRecord> rows = rows();

    assertThatThrownBy(() -> jdbc.sql("delete from audit_log where id = ?").param(rows.get(2).id()).update())
        .hasMessageContaining("append-only");
    asSuperuserWithoutTriggers("delete from audit_log where id = " + rows.get(2).id());

    AuditVerification verification = verifier.verify();
    assertThat(verification.ok()).isFalse();
    assertThat(verification.firstBrokenId()).isEqualTo(rows.get(3).id());
    assertThat(verification.reason()).contains("prev_hash is not the hash of row " + rows.get(1).id());
  }

  @Test
  void pruningRemovesOnlyOldRowsAndTheRestStillVerifies() {
    Instant old = Instant.now().minus(Duration.ofDays(500));
    for (int i = 0; i < 3; i++) {
      trail.record(new AuditEvent("alice", "rest", "10.0.0.1", "deployment.approve", "old-" + i,
          AuditOutcome.ACCEPTED, null, old.plusSeconds(i)));
    }
    trail.record(event("bob", "deployment.rollback", "new-0"));
    trail.record(event("bob", "deployment.rollback", "new-1"));

    assertThat(retention.prune()).isEqualTo(3);

    assertThat(rows()).extracting(AuditRecord::target).containsExactly("new-0", "new-1");
    assertThat(rows().getFirst().prevHash()).as("the anchor: the pruned row's hash").isNotNull();
    assertThat(verifier.verify()).isEqualTo(new AuditVerification(true, 2, null, null));
    trail.record(event("carol", "deployment.approve", "new-2"));
    assertThat(verifier.verify()).isEqualTo(new AuditVerification(true, 3, null, null));
  }

  @Test
  void pruningNeverRemovesTheNewestRowSoTheChainGoesOn() {
    trail.record(new AuditEvent("alice", "rest", null, "deployment.approve", "old", AuditOutcome.ACCEPTED, null,
        Instant.now().minus(Duration.ofDays(500))));

    assertThat(retention.prune()).isZero();
    assertThat(rows()).hasSize(1);
  }

  @Test
  void textIsStoredAsHashedAndNeverRefused() {
    trail.record(new AuditEvent("eve\u0000il", "rest", null, "POST /x\uD800", "t".repeat(10_000),
        AuditOutcome.REJECTED, "bad\u0000reason", null));

    AuditRecord row = rows().getFirst();
    assertThat(row.principal()).isEqualTo("eve\uFFFDil");
    assertThat(row.action()).isEqualTo("POST /x\uFFFD");
    assertThat(row.reason()).isEqualTo("bad\uFFFDreason");
    assertThat(row.target().codePointCount(0, row.target().length())).isEqualTo(AuditText.TARGET);
    assertThat(verifier.verify().ok()).isTrue();
  }

  /**
   * Writers waiting together are written in one transaction (group commit); an event that cannot be stored costs
   * only itself: its group is written again event by event, and only it is counted as failed.
   */
  @Test
  void aFailingEventAmongConcurrentWritersCostsOnlyItself() throws Exception {
    eightWritersAtOnce((writer, i) -> writer == 0 && i % 5 == 0
        ? new AuditEvent("writer-0", "rest", null, null, null, AuditOutcome.ACCEPTED, null, null) // unstorable
        : event("writer-" + writer, "deployment.approve", "deploy-" + i));

    assertThat(verifier.verify()).isEqualTo(new AuditVerification(true, 195, null, null));
    assertThat(meters.counter(AuditTrail.WRITE_FAILURES).count()).isEqualTo(5);
  }

  @Test
  void aWriteThatFailsIsCountedNotThrown() {
    trail.record(new AuditEvent("alice", "rest", null, null, null, AuditOutcome.ACCEPTED, null, null));

    assertThat(meters.counter(AuditTrail.WRITE_FAILURES).count()).isEqualTo(1);
    assertThat(rows()).isEmpty();
  }

  /**
   * A change audited by its own row (a runs-index write and its phase row) commits with that row in one
   * transaction, and concurrent ones in groups: every change made, every row on one verifiable line.
   */
  @Test
  void aChangeAndItsRowCommitInOneTransaction() throws Exception {
    jdbc.sql("create table if not exists audited_change (n int primary key)").update();
    jdbc.sql("delete from audited_change").update();
    eightWritersMakeAtOnce((writer, i) -> {
      int n = writer * 100 + i;
      trail.change(connection -> {
        connection.sql("insert into audited_change (n) values (?)").param(n).update();
        return event("workflow:w-" + n, "phase Probing", "change-" + n);
      });
    });

    assertThat(jdbc.sql("select count(*) from audited_change").query(Integer.class).single()).isEqualTo(200);
    assertThat(verifier.verify()).isEqualTo(new AuditVerification(true, 200, null, null));
    assertThat(jdbc.sql("""
            select count(*) from audited_change c join audit_log a on a.target = 'change-' || c.n
            where a.xmin::text <> c.xmin::text""").query(Integer.class).single())
        .as("changes committed apart from their rows").isZero();
    assertThat(meters.counter(AuditTrail.WRITE_FAILURES).count()).isZero();
  }

  @Test
  void aChangeThatChangedNothingAppendsNothing() {
    trail.change(connection -> null);

    assertThat(rows()).isEmpty();
  }

  /** A change that fails is thrown to its caller as if made alone, and nothing of it is on the trail. */
  @Test
  void aFailingChangeIsThrownAndLeavesNoRow() {
    assertThatThrownBy(() -> trail.change(connection -> {
      connection.sql("insert into no_such_table values (1)").update();
      return event("workflow:w", "phase Probing", "never");
    })).isInstanceOf(DataAccessException.class);

    assertThat(rows()).isEmpty();
    assertThat(meters.counter(AuditTrail.WRITE_FAILURES).count()).isZero();
  }

  /** A row the trail cannot store costs only the row, as with {@link AuditTrail#record}: the change stays made. */
  @Test
  void aChangeWhoseRowCannotBeStoredIsStillMade() {
    jdbc.sql("create table if not exists audited_change (n int primary key)").update();
    jdbc.sql("delete from audited_change").update();

    trail.change(connection -> {
      connection.sql("insert into audited_change (n) values (1)").update();
      return new AuditEvent("workflow:w", "workflow", null, null, null, AuditOutcome.ACCEPTED, null, null);
    });

    assertThat(jdbc.sql("select count(*) from audited_change").query(Integer.class).single()).isEqualTo(1);
    assertThat(rows()).isEmpty();
    assertThat(meters.counter(AuditTrail.WRITE_FAILURES).count()).isEqualTo(1);
  }

  @Test
  void retentionShorterThanADayIsRefused() {
    assertThatThrownBy(() -> new AuditProperties(Duration.ofHours(1)))
        .hasMessageContaining("pitcrew.audit.retention");
  }

  /** Eight writers record 25 events each at the same time, {@code eventOf(writer, i)}, and all are done. */
  private void eightWritersAtOnce(BiFunction<Integer, Integer, AuditEvent> eventOf) throws Exception {
    eightWritersMakeAtOnce((writer, i) -> trail.record(eventOf.apply(writer, i)));
  }

  /** Eight writers make 25 writes each at the same time, {@code write(writer, i)}, and all are done. */
  private void eightWritersMakeAtOnce(BiConsumer<Integer, Integer> write) throws Exception {
    try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int writer = t;
        done.add(writers.submit(() -> {
          for (int i = 0; i < 25; i++) {
            write.accept(writer, i);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  private static AuditEvent event(String principal, String action, String target) {
    return AuditEvent.now(principal, "rest", "127.0.0.1", action, target, AuditOutcome.ACCEPTED, null);
  }

  private List<AuditRecord> rows() {
    return jdbc.sql("select " + AuditRows.COLUMNS + " from audit_log order by id").query(AuditRows::map).list();
  }

  /** What someone with superuser rights could do: switch the append-only triggers off for their session. */
  private static void asSuperuserWithoutTriggers(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("set session_replication_role = replica");
      statement.execute(sql);
    }
  }
}
