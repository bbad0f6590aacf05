package dev.pitcrew.activities.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.analysis.PrometheusClient;
import dev.pitcrew.activities.audit.AuditProperties;
import dev.pitcrew.activities.audit.AuditRetention;
import dev.pitcrew.activities.audit.AuditTrail;
import dev.pitcrew.activities.kubernetes.KubernetesMode;
import dev.pitcrew.activities.kubernetes.KubernetesTarget;
import dev.pitcrew.activities.postgres.RunIndexActivitiesImpl;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.remediation.ActionType;
import dev.pitcrew.workflows.remediation.AlertFacts;
import dev.pitcrew.workflows.remediation.Paging;
import dev.pitcrew.workflows.remediation.RemediationInput;
import dev.pitcrew.workflows.remediation.RemediationOutcome;
import dev.pitcrew.workflows.remediation.RemediationResult;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import dev.pitcrew.workflows.remediation.RemediationWorkflowImpl;
import dev.pitcrew.workflows.remediation.RiskLevel;
import dev.pitcrew.workflows.remediation.RunbookGuardrails;
import dev.pitcrew.workflows.remediation.RunbookPlan;
import dev.pitcrew.workflows.remediation.RunbookStep;
import dev.pitcrew.workflows.remediation.Verification;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A dry-run remediation with the real activities (guardrails and records on PostgreSQL, the Kubernetes actions on
 * fabric8's mock API server, escalation through the Temporal client): it looks, plans and records, and the mock
 * server's recorded requests show no write at all.
 */
@EnableKubernetesMockClient(crud = true)
class RemediationDryRunTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private TestWorkflowEnvironment env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aDryRunReadsTheClusterButWritesNothingToIt() throws Exception {
    client.apps().deployments().inNamespace("games").resource(new DeploymentBuilder()
        .withNewMetadata().withName("lobby-dry").endMetadata()
        .withNewSpec().withReplicas(2).withNewTemplate().withNewMetadata().endMetadata()
        .withNewSpec().addNewContainer().withName("lobby").withImage("lobby:v1").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    client.pods().inNamespace("games").resource(new PodBuilder().withNewMetadata().withName("lobby-dry-1")
        .addToLabels(ServicePods.APP_LABEL, "lobby-dry").endMetadata().build()).create();
    drainWrites();

    DataSource dataSource = TestDatabase.dataSource();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    AuditTrail audit = new AuditTrail(dataSource,
        new AuditRetention(dataSource, new AuditProperties(Duration.ofDays(400))), new SimpleMeterRegistry());
    KubernetesTarget target = new KubernetesTarget(KubernetesMode.SANDBOX, "mock", "test");
    RemediationProperties properties = new RemediationProperties(1000, 5, Duration.ofHours(2));

    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(RemediationWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new RunIndexActivitiesImpl(audit),
        new GuardrailActivitiesImpl(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
            client, audit, properties),
        new KubernetesRemediationActivitiesImpl(client, target, new RemediationActions(client, target),
            new DeploymentRollbacks(env.getWorkflowClient()),
            new PrometheusClient(HttpClient.newHttpClient(), null, Duration.ofSeconds(1)), jdbc, properties,
            new AlertValues(new PrometheusClient(HttpClient.newHttpClient(), null, Duration.ofSeconds(1)))),
        new IncidentEscalationActivitiesImpl(env.getWorkflowClient(), jdbc),
        new RemediationRecordActivitiesImpl(jdbc, new SimpleMeterRegistry()));
    env.start();

    RunbookPlan plan = new RunbookPlan("lobby-dry-restart", 1,
        List.of(new RunbookStep("restart", ActionType.ROLLOUT_RESTART, RiskLevel.LOW, Map.of()),
            new RunbookStep("scale-up", ActionType.SCALE, RiskLevel.LOW, Map.of("by", "2", "max", "6"))),
        new Verification(60, null, null, 15), 1, Paging.PAGE_AFTER_FAILURE, 600,
        new RunbookGuardrails(1, 3600, 100), "SEV3");
    RemediationWorkflow remediation = env.getWorkflowClient().newWorkflowStub(RemediationWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("remediation-dry-run-test").setTaskQueue(TaskQueues.OPERATIONS)
            .build());
    WorkflowClient.start(remediation::remediate, new RemediationInput(plan,
        new RemediationTarget("lobby-dry", "games", null, null),
        new AlertFacts("LobbyLatencyHigh", "fp-dry", "lobby latency high", Map.of()), true, null));
    // The outcome, not the run's end: a dry-run that did not see its alert resolve holds its target afterwards.
    RemediationResult result = null;
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); result == null
        && System.nanoTime() < deadline; ) {
      result = remediation.result();
      if (result == null) {
        Thread.sleep(100);
      }
    }
    assertThat(result).as("the dry-run's outcome").isNotNull();

    assertThat(result.outcome()).isEqualTo(RemediationOutcome.DRY_RUN);
    assertThat(result.plan()).containsExactly("restart: ROLLOUT_RESTART (LOW)", "scale-up: SCALE (LOW) {by=2, max=6}");
    assertThat(drainWrites()).as("writes to the Kubernetes API").isEmpty();
    assertThat(remediation.timeline()).extracting(n -> n.text())
        .anyMatch(t -> t.startsWith("Pods of lobby-dry: 1"))
        .anyMatch(t -> t.startsWith("Dry-run: would scale-up: SCALE"));
    assertThat(jdbc.sql("select outcome from remediation_outcomes where remediation_id like 'remediation-dry-run-test:%'")
        .query(String.class).single()).isEqualTo("DRY_RUN");
    assertThat(jdbc.sql("select granted from remediation_claims where remediation_id like 'remediation-dry-run-test:%'")
        .query(Boolean.class).single()).isTrue();
    assertThat(jdbc.sql("select released_at is not null from remediation_claims "
        + "where remediation_id like 'remediation-dry-run-test:%'").query(Boolean.class).single()).isTrue();
  }

  private List<String> drainWrites() throws InterruptedException {
    List<String> writes = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      if (!r.getMethod().equals("GET")) {
        writes.add(r.getMethod() + " " + r.getPath());
      }
    }
    return writes;
  }
}
