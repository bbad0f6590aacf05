package dev.pitcrew.activities.drill;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.pitcrew.activities.drill.DrillTestRun.storedReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitcrew.activities.analysis.HttpSmokeChecker;
import dev.pitcrew.activities.analysis.PrometheusClient;
import dev.pitcrew.activities.drill.velero.SandboxVeleroController;
import dev.pitcrew.activities.drill.velero.VeleroDrillActivitiesImpl;
import dev.pitcrew.activities.drill.velero.VeleroProperties;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.BackupSource;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillReport;
import dev.pitcrew.workflows.drill.DrillReporting;
import dev.pitcrew.workflows.drill.DrillRequest;
import dev.pitcrew.workflows.drill.DrillTarget;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.drill.RecoveryObjectives;
import dev.pitcrew.workflows.drill.RestoreOutcome;
import dev.pitcrew.workflows.drill.VeleroDrillActivities;
import dev.pitcrew.workflows.drill.VeleroPrometheusQuery;
import dev.pitcrew.workflows.drill.VeleroSmokeCheck;
import dev.pitcrew.workflows.drill.VeleroTarget;
import dev.pitcrew.workflows.drill.VerificationOutcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Velero drills through the drill workflow on Temporal's test server: the real Velero adapter against fabric8's mock
 * API server in CRUD mode with the sandbox's simulated Velero, WireMock as the restored Service and as Prometheus,
 * reports in Pitcrew's own (migrated) PostgreSQL.
 */
@EnableKubernetesMockClient(crud = true)
class DrillWorkflowVeleroTest {
  /** WireMock for the restored Service and Prometheus, its stubs reset before each test. */
  @RegisterExtension
  static final WireMockExtension remote = WireMockExtension.newInstance().options(options().dynamicPort()).build();
  static final ResourceDefinitionContext RESTORES = new ResourceDefinitionContext.Builder().withGroup("velero.io")
      .withVersion("v1").withKind("Restore").withPlural("restores").withNamespaced(true).build();

  KubernetesClient client;
  @TempDir Path work;
  @RegisterExtension final DrillTestRun temporal = new DrillTestRun();
  private DrillDefinitionStore definitions;
  private DrillActivitiesImpl drills;
  private VeleroDrillActivitiesImpl velero;
  private SandboxVeleroController controller;

  @BeforeEach
  void start() {
    DataSource pitcrew = TestDatabase.dataSource();
    definitions = new DrillDefinitionStore(JdbcClient.create(pitcrew));
    DrillProperties properties = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    drills = new DrillActivitiesImpl(definitions, new DrillTargets(pitcrew), new PostgresTools(properties), properties);
    VeleroProperties veleroProperties = new VeleroProperties("velero", Duration.ofMillis(100), Duration.ofHours(72),
        Duration.ofMinutes(1), new VeleroProperties.Sandbox(Duration.ofMillis(200), List.of("chat-legacy")));
    HttpClient http = HttpClient.newHttpClient();
    velero = new VeleroDrillActivitiesImpl(client, veleroProperties,
        new PrometheusClient(http, remote.baseUrl(), Duration.ofSeconds(30)),
        new HttpSmokeChecker(http, remote.baseUrl() + "/{namespace}/{serviceName}", Duration.ofSeconds(30)));
    controller = new SandboxVeleroController(client, veleroProperties);
  }

  @AfterEach
  void stop() {
    controller.close();
  }

  @Test
  void aFreshVeleroBackupRestoresIntoScratchServesAndIsMeasured() {
    controller.start();
    remote.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withBody(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"2\"]}]}}")));
    startWorkers(velero);
    definitions.save(drill("velero-lobby", "lobby", null, List.of(new VeleroPrometheusQuery(
        "count(kube_pod_status_ready{namespace=\"{namespace}\",condition=\"true\"})", "result[0] >= 2"))), "alice");

    DrillReport report = temporal.run("velero-lobby");

    assertThat(report.status()).isEqualTo(DrillReport.PASSED);
    assertThat(report.scratchDatabase()).matches("pitcrew-drill-[0-9a-f]{16}");
    assertThat(report.steps()).extracting(s -> s.name())
        .containsExactly("BackingUp", "Restoring", "Verifying", "CleaningUp");
    assertThat(report.backup().location()).isEqualTo(report.scratchDatabase());
    assertThat(report.rtoSeconds()).isNotNull().isLessThanOrEqualTo(report.rtoTargetSeconds());
    assertThat(report.rpoSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(report.megabytesPerSecond()).as("Velero reports no bytes").isNull();
    assertThat(report.verification().tables()).isEqualTo(2);
    assertThat(report.verification().assertions()).extracting(a -> a.passed()).containsExactly(true, true);
    assertThat(report.cleanedUp()).isTrue();
    assertThat(client.namespaces().withName(report.scratchDatabase()).get()).isNull();
    assertThat(client.genericKubernetesResources(RESTORES).inNamespace("velero").list().getItems()).singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getName()).isEqualTo(report.scratchDatabase()));
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("velero-lobby"), "velero-passed");
  }

  @Test
  void aPartiallyFailedRestoreOfTheSchedulesLatestBackupFailsTheDrillWithVelerosCountsAndCleansUp() {
    controller.start();
    scheduledBackup("chat-hourly-1", "chat-hourly", Instant.now().minusSeconds(300));
    startWorkers(velero);
    definitions.save(drill("velero-chat", "chat-legacy", "chat-hourly", List.of()), "alice");

    assertThatThrownBy(() -> temporal.run("velero-chat")).isInstanceOf(WorkflowFailedException.class);

    DrillReport report = storedReport("velero-chat");
    assertThat(report.status()).isEqualTo(DrillReport.FAILED);
    assertThat(report.steps()).extracting(s -> s.name())
        .containsExactly("CheckingFreshness", "Restoring", "Verifying", "CleaningUp");
    assertThat(report.backup().location()).isEqualTo("chat-hourly-1");
    assertThat(report.restore().exitCode()).isEqualTo(1);
    assertThat(report.failure()).startsWith("Failed at Verifying: Verification failed: the Velero restore "
        + "PartiallyFailed (PartiallyFailed with 2 errors and 1 warnings");
    assertThat(report.verification()).as("what was restored is still checked, as evidence").isNotNull();
    assertThat(report.cleanedUp()).isTrue();
    assertThat(report.incidentId()).isNotNull();
    assertThat(client.namespaces().withName(report.scratchDatabase()).get()).isNull();
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("velero-chat"),
        "velero-partially-failed");
  }

  @Test
  void cancellingDuringTheRestoreDeletesTheScratchNamespaceOnce() throws Exception {
    controller.start();
    AtomicInteger cleanUps = new AtomicInteger();
    startWorkers(new CountingCleanUps(velero, cleanUps));
    definitions.save(drill("velero-cancel", "lobby", null, List.of()), "alice");
    DrillWorkflow drill = temporal.newDrill("velero-cancel");
    WorkflowClient.start(drill::run, new DrillRequest("velero-cancel", "alice", "api", null));
    long deadline = System.currentTimeMillis() + 30_000;
    while (!"Restoring".equals(drill.phase())) {
      assertThat(System.currentTimeMillis()).as("reached Restoring").isLessThan(deadline);
      Thread.sleep(20);
    }
    String scratch = drill.report().scratchDatabase();

    WorkflowStub.fromTyped(drill).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(drill).getResult(DrillReport.class))
        .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    DrillReport report = storedReport("velero-cancel");
    assertThat(report.status()).isEqualTo(DrillReport.CANCELLED);
    assertThat(report.cleanedUp()).isTrue();
    assertThat(cleanUps).hasValue(1);
    assertThat(client.namespaces().withName(scratch).get()).isNull();
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("velero-cancel"), "velero-cancelled");
  }

  private DrillDefinition drill(String name, String namespace, String schedule, List<VeleroPrometheusQuery> queries) {
    return new DrillDefinition(name, "test drill",
        new DrillTarget(DrillTarget.VELERO, null, null, null, null, null, null,
            new VeleroTarget(namespace, schedule, 1, 1, 5, List.<VeleroSmokeCheck>of(), queries)),
        schedule == null ? BackupSource.FRESH_DUMP : new BackupSource(BackupSource.LATEST, null), null,
        RecoveryObjectives.STUDIO_DEFAULTS, new DrillReporting(null, true, "chat", "SEV3"), null);
  }

  private void scheduledBackup(String name, String schedule, Instant completed) {
    client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("velero.io").withVersion("v1")
        .withKind("Backup").withPlural("backups").withNamespaced(true).build()).inNamespace("velero").resource(
        new GenericKubernetesResourceBuilder().withApiVersion("velero.io/v1").withKind("Backup")
            .withNewMetadata().withName(name).withNamespace("velero").addToLabels("velero.io/schedule-name", schedule)
            .endMetadata().addToAdditionalProperties("spec", Map.of("includedNamespaces", List.of("chat-legacy")))
            .addToAdditionalProperties("status", Map.of("phase", "Completed",
                "completionTimestamp", completed.truncatedTo(ChronoUnit.SECONDS).toString())).build()).create();
  }

  /** The drill's workflow worker, and these activities beside it. */
  private void startWorkers(VeleroDrillActivities veleroActivities) {
    temporal.startWorkflowWorker();
    temporal.startActivities(drills, veleroActivities);
  }

  /** Counts clean-ups that deleted something or found nothing (not the attempts refused while Velero restored). */
  private record CountingCleanUps(VeleroDrillActivities delegate, AtomicInteger count) implements VeleroDrillActivities {
    @Override
    public BackupInfo latestBackup(DrillDefinition definition) {
      return delegate.latestBackup(definition);
    }

    @Override
    public BackupInfo takeBackup(DrillDefinition definition, String backupName) {
      return delegate.takeBackup(definition, backupName);
    }

    @Override
    public RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratchNamespace) {
      return delegate.restore(definition, backup, scratchNamespace);
    }

    @Override
    public VerificationOutcome verify(DrillDefinition definition, String scratchNamespace) {
      return delegate.verify(definition, scratchNamespace);
    }

    @Override
    public boolean cleanUp(DrillDefinition definition, String scratchNamespace) {
      boolean deleted = delegate.cleanUp(definition, scratchNamespace);
      count.incrementAndGet();
      return deleted;
    }
  }
}
