package dev.pitcrew.activities.remediation;

import dev.pitcrew.activities.audit.AuditEvent;
import dev.pitcrew.activities.audit.AuditOutcome;
import dev.pitcrew.activities.audit.AuditTrail;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.remediation.GuardrailActivities;
import dev.pitcrew.workflows.remediation.GuardrailClaim;
import dev.pitcrew.workflows.remediation.GuardrailDecision;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.RunbookGuardrails;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The guardrails as one atomic decision. Every claim runs in one transaction that first locks the global switch row
 * ({@code remediation_switches '*'}, {@code FOR UPDATE}), so claims are taken one after another across threads,
 * workers and API replicas: the counts each claim reads (concurrent remediations, remediations of the target and
 * pods of the service touched in the window) include every claim granted before it, and no two claims can both see
 * the last free place. The decision is stored in the same transaction, keyed by the remediation, so a retried
 * claim answers the stored decision instead of deciding twice.
 */
@Component
public class GuardrailActivitiesImpl implements GuardrailActivities {
  static final String KILL_SWITCH = "kill-switch";
  static final String RUNBOOK_PAUSED = "runbook-paused";
  static final String MAINTENANCE = "maintenance-window";
  static final String DEPLOYMENT_RUNNING = "deployment-running";
  static final String RATE_LIMIT = "rate-limit";
  static final String CONCURRENCY = "concurrency";
  static final String BLAST_RADIUS = "blast-radius";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final KubernetesClient kubernetes;
  private final AuditTrail audit;
  private final RemediationProperties properties;
  /**
   * Claims of this worker queue here rather than in PostgreSQL: each one waiting on the row lock would hold a pooled
   * connection, and a storm's fifty would take the whole pool from everything else. Across workers and replicas the
   * row lock still decides the order.
   */
  private final ReentrantLock oneClaimAtATime = new ReentrantLock(true);

  public GuardrailActivitiesImpl(JdbcClient jdbc, TransactionTemplate transaction, KubernetesClient kubernetes,
      AuditTrail audit, RemediationProperties properties) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.kubernetes = kubernetes;
    this.audit = audit;
    this.properties = properties;
  }

  private record Stored(GuardrailDecision decision, boolean fresh) {}

  @Override
  public GuardrailDecision claim(GuardrailClaim claim) {
    // Read from the cluster before the lock: the pod count is not what a storm races on, the claims are.
    int pods = claim.touchesAllPods() || claim.podsTouched() > 0
        ? ServicePods.of(kubernetes, claim.target().namespace(), claim.target().service()).size()
        : 0;
    Stored stored;
    oneClaimAtATime.lock();
    try {
      stored = decideOnce(claim, pods);
    } finally {
      oneClaimAtATime.unlock();
    }
    if (stored.fresh()) {
      GuardrailDecision decision = stored.decision();
      audit.record(AuditEvent.now("workflow:" + workflowIdOf(claim.remediationId()), AuditEvent.WORKFLOW, null,
          "remediation " + claim.runbook() + " guardrails", claim.target().key(),
          decision.granted() ? AuditOutcome.ACCEPTED : AuditOutcome.REJECTED,
          decision.granted() ? null : decision.guardrail() + ": " + decision.reason()));
    }
    return stored.decision();
  }

  private Stored decideOnce(GuardrailClaim claim, int pods) {
    return transaction.execute(status -> {
      Optional<GuardrailDecision> earlier = earlierDecision(claim.remediationId());
      if (earlier.isPresent()) {
        return new Stored(earlier.get(), false);
      }
      boolean globallyPaused = jdbc.sql("select paused from remediation_switches where runbook = '*' for update")
          .query(Boolean.class).single();
      int touched = claim.touchesAllPods() ? pods : claim.podsTouched();
      GuardrailDecision decision = globallyPaused
          ? GuardrailDecision.refuse(KILL_SWITCH, "auto-remediation is paused for every runbook")
          : decide(claim, pods, touched);
      jdbc.sql("""
              insert into remediation_claims (remediation_id, runbook, service, target, pods_touched, granted, reason,
                                              claimed_at)
              values (?, ?, ?, ?, ?, ?, ?, now())
              """)
          .params(claim.remediationId(), claim.runbook(), claim.target().service(), claim.target().key(),
              decision.granted() ? touched : 0, decision.granted(),
              decision.granted() ? null : decision.guardrail() + ": " + decision.reason())
          .update();
      return new Stored(decision, true);
    });
  }

  private GuardrailDecision decide(GuardrailClaim claim, int pods, int touched) {
    RemediationTarget target = claim.target();
    RunbookGuardrails limits = claim.limits();
    boolean runbookPaused = jdbc.sql("select paused from remediation_switches where runbook = ?")
        .param(claim.runbook()).query(Boolean.class).optional().orElse(false);
    if (runbookPaused) {
      return GuardrailDecision.refuse(RUNBOOK_PAUSED, "runbook " + claim.runbook() + " is paused");
    }
    Optional<String> window = jdbc.sql("""
            select reason from remediation_windows
            where (service = ? or service = '*') and starts_at <= now() and ends_at > now()
            order by ends_at desc limit 1
            """)
        .param(target.service()).query(String.class).optional();
    if (window.isPresent()) {
      return GuardrailDecision.refuse(MAINTENANCE, "maintenance window for " + target.service() + ": " + window.get());
    }
    int deploying = jdbc.sql("select count(*) from runs where run_type = ? and status = 'RUNNING' and service = ?")
        .params(BlueGreenDeploymentWorkflow.RUN_TYPE, target.service()).query(Integer.class).single();
    if (deploying > 0 && !claim.rollsBackDeployment()) {
      return GuardrailDecision.refuse(DEPLOYMENT_RUNNING, "a Pitcrew deployment of " + target.service() + " is running");
    }
    int ofTarget = jdbc.sql("""
            select count(*) from remediation_claims
            where granted and target = ? and claimed_at > now() - make_interval(secs => ?)
            """)
        .params(target.key(), (double) limits.windowSeconds()).query(Integer.class).single();
    if (ofTarget >= limits.maxPerTarget()) {
      return GuardrailDecision.refuse(RATE_LIMIT, target.key() + " was remediated " + ofTarget + " time(s) in the last "
          + limits.windowSeconds() + "s (limit " + limits.maxPerTarget() + ")");
    }
    int running = jdbc.sql("select count(*) from remediation_claims where granted and released_at is null")
        .query(Integer.class).single();
    if (running >= properties.maxConcurrent()) {
      return GuardrailDecision.refuse(CONCURRENCY, running + " remediations are running (limit "
          + properties.maxConcurrent() + ")");
    }
    if (pods > 0 && touched > 0) {
      int alreadyTouched = jdbc.sql("""
              select coalesce(sum(pods_touched), 0) from remediation_claims
              where granted and service = ? and claimed_at > now() - make_interval(secs => ?)
              """)
          .params(target.service(), (double) limits.windowSeconds()).query(Integer.class).single();
      if ((long) (alreadyTouched + touched) * 100 > (long) limits.maxPodsPercent() * pods) {
        return GuardrailDecision.refuse(BLAST_RADIUS, alreadyTouched + " of " + target.service() + "'s " + pods
            + " pods were touched in the last " + limits.windowSeconds() + "s; " + touched + " more would pass "
            + limits.maxPodsPercent() + "%");
      }
    }
    return GuardrailDecision.grant();
  }

  private Optional<GuardrailDecision> earlierDecision(String remediationId) {
    return jdbc.sql("select granted, reason from remediation_claims where remediation_id = ?")
        .param(remediationId)
        .query((rs, row) -> {
          if (rs.getBoolean("granted")) {
            return GuardrailDecision.grant();
          }
          String reason = rs.getString("reason");
          int colon = reason.indexOf(": ");
          return GuardrailDecision.refuse(reason.substring(0, colon), reason.substring(colon + 2));
        })
        .optional();
  }

  @Override
  public void release(String remediationId, String outcome) {
    jdbc.sql("update remediation_claims set released_at = coalesce(released_at, now()), outcome = ? where remediation_id = ?")
        .params(outcome, remediationId)
        .update();
  }

  private static String workflowIdOf(String remediationId) {
    int colon = remediationId.lastIndexOf(':');
    return colon < 0 ? remediationId : remediationId.substring(0, colon);
  }
}
