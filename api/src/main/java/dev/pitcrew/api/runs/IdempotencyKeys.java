package dev.pitcrew.api.runs;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Caller-supplied idempotency keys and the run each one started ({@code run_requests} table). */
@Repository
class IdempotencyKeys {
  record Claim(String runType, String fingerprint, String workflowId) {}

  private final JdbcClient jdbc;

  IdempotencyKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Claims the key for a new run; false when another request holds it already. */
  boolean claim(String key, Claim claim) {
    return jdbc.sql(
                """
                insert into run_requests (idempotency_key, run_type, request_fingerprint, workflow_id)
                values (?, ?, ?, ?) on conflict (idempotency_key) do nothing
                """)
            .params(key, claim.runType(), claim.fingerprint(), claim.workflowId())
            .update()
        == 1;
  }

  Optional<Claim> find(String key) {
    return jdbc.sql("select run_type, request_fingerprint, workflow_id from run_requests where idempotency_key = ?")
        .param(key)
        .query((rs, n) -> new Claim(rs.getString(1), rs.getString(2), rs.getString(3)))
        .optional();
  }

  /** Gives the key back when the run could not be started, so a retry with it starts the run. */
  void release(String key) {
    jdbc.sql("delete from run_requests where idempotency_key = ?").param(key).update();
  }
}
