package dev.pitcrew.activities.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.audit.AuditProperties;
import dev.pitcrew.activities.audit.AuditRetention;
import dev.pitcrew.activities.audit.AuditTrail;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.remediation.GuardrailClaim;
import dev.pitcrew.workflows.remediation.GuardrailDecision;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.RunbookGuardrails;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The guardrails against real PostgreSQL under real concurrency: many threads claim at once, as an alert storm's
 * remediations do, and the limits hold to the exact count.
 */
@EnableKubernetesMockClient(crud = true)
class GuardrailActivitiesImplTest {
  KubernetesClient client;

  private final DataSource dataSource = TestDatabase.dataSource();
  private final JdbcClient jdbc = JdbcClient.create(dataSource);

  private GuardrailActivitiesImpl guardrails(int maxConcurrent) {
    return new GuardrailActivitiesImpl(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        client, new AuditTrail(dataSource, new AuditRetention(dataSource, new AuditProperties(Duration.ofDays(400))),
            new SimpleMeterRegistry()),
        new RemediationProperties(maxConcurrent, 20, Duration.ofHours(2)));
  }

  private static GuardrailClaim claim(String id, String runbook, RemediationTarget target, int pods,
      RunbookGuardrails limits) {
    return new GuardrailClaim(id, runbook, target, false, pods, limits);
  }

  private static List<GuardrailDecision> all(int threads, List<Callable<GuardrailDecision>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<GuardrailDecision> decisions = new ArrayList<>();
      for (Future<GuardrailDecision> f : pool.invokeAll(calls)) {
        decisions.add(f.get());
      }
      return decisions;
    } finally {
      pool.shutdown();
    }
  }

  private int running() {
    return jdbc.sql("select count(*) from remediation_claims where granted and released_at is null")
        .query(Integer.class).single();
  }

  @Test
  void theConcurrencyLimitHoldsExactlyWhenFortyClaimArriveAtOnce() throws Exception {
    GuardrailActivitiesImpl guardrails = guardrails(running() + 5);
    List<Callable<GuardrailDecision>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      RemediationTarget target = new RemediationTarget("conc-svc", "conc", "conc-" + i, null);
      String id = "remediation-conc-" + i + ":run";
      calls.add(() -> guardrails.claim(claim(id, "conc", target, 0, new RunbookGuardrails(1, 3600, 100))));
    }
    List<GuardrailDecision> decisions = all(16, calls);

    assertThat(decisions.stream().filter(GuardrailDecision::granted)).hasSize(5);
    assertThat(decisions.stream().filter(d -> !d.granted())).hasSize(35)
        .allMatch(d -> d.guardrail().equals(GuardrailActivitiesImpl.CONCURRENCY));
    // A finished remediation frees its place.
    String grantedId = jdbc.sql("select remediation_id from remediation_claims where runbook = 'conc' and granted "
        + "limit 1").query(String.class).single();
    guardrails.release(grantedId, "AUTO_RESOLVED");
    RemediationTarget next = new RemediationTarget("conc-svc", "conc", "conc-next", null);
    assertThat(guardrails.claim(claim("remediation-conc-next:run", "conc", next, 0,
        new RunbookGuardrails(1, 3600, 100))).granted()).isTrue();
    jdbc.sql("update remediation_claims set released_at = now() where runbook = 'conc'").update();
  }

  @Test
  void theRateLimitOfOneTargetHoldsExactlyAndARetriedClaimAnswersItsFirstDecision() throws Exception {
    GuardrailActivitiesImpl guardrails = guardrails(1000);
    RemediationTarget target = new RemediationTarget("rate-svc", "rate", null, null);
    List<Callable<GuardrailDecision>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "remediation-rate:" + i;
      calls.add(() -> guardrails.claim(claim(id, "rate", target, 0, new RunbookGuardrails(2, 3600, 100))));
    }
    List<GuardrailDecision> decisions = all(10, calls);

    assertThat(decisions.stream().filter(GuardrailDecision::granted)).hasSize(2);
    assertThat(decisions.stream().filter(d -> !d.granted()).map(GuardrailDecision::guardrail))
        .hasSize(18).containsOnly(GuardrailActivitiesImpl.RATE_LIMIT);
    for (int i = 0; i < 20; i++) {
      GuardrailDecision again = guardrails.claim(claim("remediation-rate:" + i, "rate", target, 0,
          new RunbookGuardrails(2, 3600, 100)));
      assertThat(again).isEqualTo(decisions.get(i));
    }
    assertThat(jdbc.sql("select count(*) from remediation_claims where runbook = 'rate'").query(Integer.class).single())
        .isEqualTo(20);
    jdbc.sql("update remediation_claims set released_at = now() where runbook = 'rate'").update();
  }

  @Test
  void theBlastRadiusCountsPodsTouchedInTheWindowAgainstTheServicesPods() throws Exception {
    for (int i = 0; i < 10; i++) {
      client.pods().inNamespace("blast").resource(new PodBuilder().withNewMetadata().withName("blast-" + i)
          .addToLabels(ServicePods.APP_LABEL, "blast-svc").endMetadata().build()).create();
    }
    GuardrailActivitiesImpl guardrails = guardrails(1000);
    List<Callable<GuardrailDecision>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      RemediationTarget pod = new RemediationTarget("blast-svc", "blast", "blast-" + i, null);
      String id = "remediation-blast-" + i + ":run";
      calls.add(() -> guardrails.claim(claim(id, "blast", pod, 1, new RunbookGuardrails(1, 3600, 30))));
    }
    List<GuardrailDecision> decisions = all(10, calls);

    assertThat(decisions.stream().filter(GuardrailDecision::granted)).as("30% of 10 pods").hasSize(3);
    assertThat(decisions.stream().filter(d -> !d.granted()).map(GuardrailDecision::guardrail))
        .containsOnly(GuardrailActivitiesImpl.BLAST_RADIUS);
    jdbc.sql("update remediation_claims set released_at = now() where runbook = 'blast'").update();
  }

  @Test
  void killSwitchesMaintenanceWindowsAndRunningDeploymentsRefuseAndEveryRefusalIsAudited() {
    GuardrailActivitiesImpl guardrails = guardrails(1000);
    RunbookGuardrails limits = new RunbookGuardrails(100, 3600, 100);
    RemediationTarget target = new RemediationTarget("switch-svc", "sw", null, null);

    jdbc.sql("update remediation_switches set paused = true where runbook = '*'").update();
    try {
      assertThat(guardrails.claim(claim("remediation-sw:1", "sw", target, 0, limits)).guardrail())
          .isEqualTo(GuardrailActivitiesImpl.KILL_SWITCH);
    } finally {
      jdbc.sql("update remediation_switches set paused = false where runbook = '*'").update();
    }
    jdbc.sql("insert into remediation_switches (runbook, paused) values ('sw', true)").update();
    assertThat(guardrails.claim(claim("remediation-sw:2", "sw", target, 0, limits)).guardrail())
        .isEqualTo(GuardrailActivitiesImpl.RUNBOOK_PAUSED);
    jdbc.sql("update remediation_switches set paused = false where runbook = 'sw'").update();

    jdbc.sql("""
        insert into remediation_windows (service, starts_at, ends_at, reason, created_by)
        values ('switch-svc', now() - interval '1 minute', now() + interval '1 hour', 'season launch freeze', 'ops')
        """).update();
    GuardrailDecision window = guardrails.claim(claim("remediation-sw:3", "sw", target, 0, limits));
    assertThat(window.guardrail()).isEqualTo(GuardrailActivitiesImpl.MAINTENANCE);
    assertThat(window.reason()).contains("season launch freeze");
    jdbc.sql("delete from remediation_windows where service = 'switch-svc'").update();

    jdbc.sql("""
        insert into runs (workflow_id, run_id, run_type, status, phase, service, sequence, started_at, updated_at)
        values ('deploy-switch-svc@prod', 'r1', 'deployment', 'RUNNING', 'Promoting', 'switch-svc', 1, now(), now())
        """).update();
    assertThat(guardrails.claim(claim("remediation-sw:4", "sw", target, 0, limits)).guardrail())
        .isEqualTo(GuardrailActivitiesImpl.DEPLOYMENT_RUNNING);
    jdbc.sql("update runs set status = 'COMPLETED' where workflow_id = 'deploy-switch-svc@prod'").update();

    assertThat(guardrails.claim(claim("remediation-sw:5", "sw", target, 0, limits)).granted()).isTrue();
    List<String> audited = jdbc.sql("""
            select outcome || ' ' || coalesce(reason, '') from audit_log
            where principal = 'workflow:remediation-sw' order by id
            """).query(String.class).list();
    assertThat(audited).hasSize(5);
    assertThat(audited.subList(0, 4)).allMatch(line -> line.startsWith("REJECTED "));
    assertThat(audited.get(4)).startsWith("ACCEPTED");
  }
}
