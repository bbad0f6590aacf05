package dev.pitcrew.api.deployments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The console's deployment boards, read from PostgreSQL alone: each workflow ID's latest run in the runs index
 * (status and phase) with the {@code deployments} row its workflow records (image, traffic, requester, what it
 * waits for). One query per render however many deployments there are; only a deployment's own page asks its
 * workflow. Runs started before deployments recorded themselves show their status and phase only.
 */
@Repository
class DeploymentBoard {
  /** One card. Fields from the deployment's record are null when it has none (yet). */
  record Entry(
      String workflowId,
      String status,
      String phase,
      String service,
      String environment,
      String requestedBy,
      String awaiting,
      String image,
      String trafficOn,
      boolean forbidSelfApproval,
      String outcome,
      Instant startedAt) {}

  private static final String LATEST = """
      select r.workflow_id, r.status, r.phase, r.service, r.environment, r.outcome, r.started_at,
             d.requested_by, d.awaiting, d.image, d.traffic_on, coalesce(d.forbid_self_approval, false) as forbid
        from (select distinct on (workflow_id) workflow_id, run_id, status, phase, service, environment, outcome,
                     started_at
                from runs where run_type = :type
               order by workflow_id, started_at desc) r
        left join deployments d on d.workflow_id = r.workflow_id and d.run_id = r.run_id
       where (cast(:status as text) is null or r.status = :status)
         and (cast(:phase as text) is null or r.phase = :phase)
       order by r.started_at desc, r.workflow_id
       limit :limit
      """;

  private final JdbcClient jdbc;

  DeploymentBoard(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The latest deployment of every service and environment, newest first. */
  List<Entry> latest(int limit) {
    return query(null, null, limit);
  }

  /** Deployments waiting for someone to approve or reject them. */
  List<Entry> awaitingApproval(int limit) {
    return query("RUNNING", DeploymentPages.AWAITING_APPROVAL, limit);
  }

  private List<Entry> query(String status, String phase, int limit) {
    return jdbc.sql(LATEST)
        .param("type", DeploymentRunType.NAME)
        .param("status", status)
        .param("phase", phase)
        .param("limit", limit)
        .query(DeploymentBoard::entry)
        .list();
  }

  private static Entry entry(ResultSet rs, int n) throws SQLException {
    Timestamp started = rs.getTimestamp("started_at");
    return new Entry(rs.getString("workflow_id"), rs.getString("status"), rs.getString("phase"),
        rs.getString("service"), rs.getString("environment"), rs.getString("requested_by"), rs.getString("awaiting"),
        rs.getString("image"), rs.getString("traffic_on"), rs.getBoolean("forbid"), rs.getString("outcome"),
        started == null ? null : started.toInstant());
  }
}
