package dev.pitcrew.activities.drill.velero;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitcrew.activities.analysis.HttpSmokeChecker;
import dev.pitcrew.activities.analysis.PrometheusClient;
import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.BackupSource;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillTarget;
import dev.pitcrew.workflows.drill.RestoreOutcome;
import dev.pitcrew.workflows.drill.VeleroDrillActivities;
import dev.pitcrew.workflows.drill.VeleroPrometheusQuery;
import dev.pitcrew.workflows.drill.VeleroSmokeCheck;
import dev.pitcrew.workflows.drill.VeleroTarget;
import dev.pitcrew.workflows.drill.VerificationOutcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Velero adapter against fabric8's mock API server in CRUD mode, with the sandbox's simulated Velero playing
 * Velero where a test lets it, Velero's objects written by hand where a test needs an outcome Velero chose, and
 * WireMock answering the smoke check and the Prometheus query.
 */
@EnableKubernetesMockClient(crud = true)
class VeleroDrillActivitiesImplTest {
  static final String SCRATCH = "pitcrew-drill-0123456789abcdef";
  /** WireMock for the restored Service and Prometheus, its stubs reset before each test. */
  @RegisterExtension
  static final WireMockExtension remote = WireMockExtension.newInstance().options(options().dynamicPort()).build();

  KubernetesClient client;
  private final List<TestActivityEnvironment> environments = new java.util.ArrayList<>();
  /** Waits as long as a busy build machine may need. */
  private VeleroDrillActivities velero;
  /** Gives up after 2 s: for the waits that are meant to run out. */
  private VeleroDrillActivities impatient;
  private SandboxVeleroController controller;

  @BeforeEach
  void start() {
    velero = activities(Duration.ofMinutes(2));
    impatient = activities(Duration.ofSeconds(2));
    controller = new SandboxVeleroController(client, properties(Duration.ofMinutes(2)));
  }

  @AfterEach
  void stop() {
    controller.close();
    environments.forEach(TestActivityEnvironment::close);
  }

  private static VeleroProperties properties(Duration maxWait) {
    return new VeleroProperties("velero", Duration.ofMillis(50), Duration.ofHours(72), maxWait,
        new VeleroProperties.Sandbox(Duration.ofMillis(100), List.of("chat-legacy")));
  }

  private VeleroDrillActivities activities(Duration maxWait) {
    HttpClient http = HttpClient.newHttpClient();
    VeleroDrillActivitiesImpl impl = new VeleroDrillActivitiesImpl(client, properties(maxWait),
        new PrometheusClient(http, remote.baseUrl(), Duration.ofSeconds(30)),
        new HttpSmokeChecker(http, remote.baseUrl() + "/{namespace}/{serviceName}", Duration.ofSeconds(30)));
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(impl);
    environments.add(env);
    return env.newActivityStub(VeleroDrillActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @Test
  void aCompletedRestoreIsVerifiedAndItsNamespaceDeletedOnce() {
    controller.start();
    remote.stubFor(get(urlPathEqualTo("/" + SCRATCH + "/lobby/healthz")).willReturn(aResponse().withBody("ok")));
    remote.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withBody(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"2\"]}]}}")));
    DrillDefinition drill = drill("lobby", null, List.of(new VeleroSmokeCheck("lobby", "/healthz", 200, "ok")),
        List.of(new VeleroPrometheusQuery("sum(up{namespace=\"{namespace}\"})", "result[0] >= 2")));

    BackupInfo backup = velero.takeBackup(drill, SCRATCH);
    RestoreOutcome restore = velero.restore(drill, backup, SCRATCH);
    VerificationOutcome verification = velero.verify(drill, SCRATCH);

    assertThat(backup.location()).isEqualTo(SCRATCH);
    assertThat(backup.takenByDrill()).isTrue();
    assertThat(backup.sourceRowCounts()).containsEntry("velero.itemsBackedUp", 5L);
    assertThat(restore.exitCode()).isZero();
    assertThat(restore.resumed()).isFalse();
    assertThat(restore.errors()).isEmpty();
    GenericKubernetesResource made = restoreObject();
    assertThat(spec(made)).containsEntry("backupName", SCRATCH)
        .containsEntry("namespaceMapping", Map.of("lobby", SCRATCH));
    assertThat(verification.problems()).isEmpty();
    assertThat(verification.tables()).isEqualTo(2);
    assertThat(verification.restoredRowCounts()).containsEntry("pods", 2L).containsEntry("services", 1L);
    assertThat(verification.assertions()).hasSize(3).allSatisfy(check -> assertThat(check.passed()).isTrue());
    remote.verify(getRequestedFor(urlPathEqualTo("/api/v1/query"))
        .withQueryParam("query", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
            "sum(up{namespace=\"" + SCRATCH + "\"})")));

    assertThat(velero.cleanUp(drill, SCRATCH)).isTrue();
    assertThat(client.namespaces().withName(SCRATCH).get()).isNull();
    assertThat(velero.cleanUp(drill, SCRATCH)).isFalse();
    assertThat(client.namespaces().withName("lobby").get()).as("the source is never touched").isNotNull();
  }

  @Test
  void theLatestCompletedBackupOfTheScheduleIsDrilledAndAPartiallyFailedRestoreIsEvidence() {
    controller.start();
    SandboxVeleroSeed.plant(client, "velero");
    backup("chat-hourly-old", "chat-hourly", "Completed", Instant.now().minusSeconds(3600));
    backup("chat-hourly-failed", "chat-hourly", "Failed", Instant.now().minusSeconds(60));
    backup("chat-hourly-new", "chat-hourly", "Completed", Instant.now().minusSeconds(600));
    DrillDefinition drill = drill("chat-legacy", "chat-hourly", List.of(), List.of());

    BackupInfo latest = velero.latestBackup(drill);
    RestoreOutcome restore = velero.restore(drill, latest, SCRATCH);

    assertThat(latest.location()).isEqualTo("chat-hourly-new");
    assertThat(latest.takenByDrill()).isFalse();
    assertThat(restore.exitCode()).isEqualTo(1);
    assertThat(restore.errors()).first().asString()
        .startsWith("PartiallyFailed with 2 errors and 1 warnings (velero restore describe " + SCRATCH);
    assertThat(velero.verify(drill, SCRATCH).problems()).as("what was restored still serves").isEmpty();
    assertThat(velero.cleanUp(drill, SCRATCH)).isTrue();
  }

  @Test
  void aRestoredNamespaceThatDoesNotServeFailsEachCheckWithItsReason() {
    client.pods().inNamespace(SCRATCH).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
        .withName("lobby-0").withNamespace(SCRATCH).endMetadata().withNewStatus().withPhase("Pending").endStatus()
        .build()).create();
    remote.stubFor(get(urlPathEqualTo("/" + SCRATCH + "/lobby/healthz")).willReturn(aResponse().withStatus(503)));
    remote.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withBody(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"0\"]}]}}")));
    DrillDefinition drill = drill("lobby", null, List.of(new VeleroSmokeCheck("lobby", "/healthz", null, null)),
        List.of(new VeleroPrometheusQuery("sum(up{namespace=\"{namespace}\"})", "result[0] >= 1")));

    VerificationOutcome verification = impatient.verify(drill, SCRATCH);

    assertThat(verification.tables()).isZero();
    assertThat(verification.problems()).hasSize(3);
    assertThat(verification.problems().get(0))
        .isEqualTo("pods Ready in " + SCRATCH + ": 0 of 1 pods Ready, at least 1 expected; not Ready: lobby-0");
    assertThat(verification.problems().get(1)).contains("answered 503, expected 200");
    assertThat(verification.problems().get(2)).contains("[0.0] does not meet result[0] >= 1");
  }

  @Test
  void aScheduleWithoutACompletedBackupHasNoBackup() {
    backup("lobby-hourly-failed", "lobby-hourly", "Failed", Instant.now());

    assertThatThrownBy(() -> velero.latestBackup(drill("lobby", "lobby-hourly", List.of(), List.of())))
        .isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo("NoBackup");
          assertThat(failure.getOriginalMessage()).contains("lobby-hourly");
        });
  }

  @Test
  void aFailedRestoreFailsTheStepWithVelerosReasonAndItsNamespaceIsStillCleanedUp() {
    DrillDefinition drill = drill("lobby", null, List.of(), List.of());
    // Velero got as far as the namespace, then failed.
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(SCRATCH).endMetadata().build())
        .create();
    GenericKubernetesResource failed = restoreObject(Map.of("phase", "Failed", "errors", 1,
        "failureReason", "error getting backup: backup.velero.io \"gone\" not found"));

    assertThatThrownBy(() -> velero.restore(drill, info("gone"), SCRATCH))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo("VeleroFailed");
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage()).contains("Failed with 1 errors")
              .contains("failure reason: error getting backup");
        });
    assertThat(failed).isNotNull();
    assertThat(velero.cleanUp(drill, SCRATCH)).isTrue();
    assertThat(client.namespaces().withName(SCRATCH).get()).isNull();
  }

  @Test
  void aRestoreThatNeverEndsTimesOutAndItsNamespaceWaitsForItToEnd() {
    DrillDefinition drill = drill("lobby", null, List.of(), List.of());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(SCRATCH).endMetadata().build())
        .create();

    assertThatThrownBy(() -> impatient.restore(drill, info("lobby-hourly-1"), SCRATCH))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo("VeleroTimeout");
          assertThat(failure.getOriginalMessage()).contains("did not end within 2 s (still New)");
        });
    assertThatThrownBy(() -> velero.cleanUp(drill, SCRATCH))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo("VeleroRestoreRunning");
          assertThat(failure.isNonRetryable()).as("the clean-up's retries wait for the restore").isFalse();
        });
    assertThat(client.namespaces().withName(SCRATCH).get()).isNotNull();
  }

  @Test
  void aRetriedRestoreWaitsForTheRestoreItsFirstAttemptMadeInsteadOfMakingASecond() {
    SandboxVeleroSeed.plant(client, "velero");
    DrillDefinition drill = drill("lobby", null, List.of(), List.of());
    BackupInfo backup = info("lobby-hourly-1");
    // The first attempt makes the Restore and is lost before Velero finishes it (here: its wait runs out).
    assertThatThrownBy(() -> impatient.restore(drill, backup, SCRATCH)).isInstanceOf(ActivityFailure.class);
    String firstAttempt = restoreObject().getMetadata().getAnnotations().get("pitcrew.dev/created-on-attempt");
    assertThat(firstAttempt).isNotNull();

    controller.start();
    RestoreOutcome resumed = velero.restore(drill, backup, SCRATCH);

    assertThat(resumed.resumed()).isTrue();
    assertThat(resumed.restoredOnAttempt()).isEqualTo(Integer.parseInt(firstAttempt));
    assertThat(resumed.exitCode()).isZero();
    assertThat(VeleroResources.of(client, VeleroResources.RESTORE).inNamespace("velero").list().getItems())
        .singleElement().satisfies(r -> assertThat(r.getMetadata().getName()).isEqualTo(SCRATCH));
    assertThat(client.pods().inNamespace(SCRATCH).list().getItems()).hasSize(2);
  }

  private DrillDefinition drill(String namespace, String schedule, List<VeleroSmokeCheck> smoke,
      List<VeleroPrometheusQuery> queries) {
    return new DrillDefinition("velero-" + namespace, null,
        new DrillTarget("velero", null, null, null, null, null, null,
            new VeleroTarget(namespace, schedule, 1, 1, 1, smoke, queries)),
        schedule == null ? BackupSource.FRESH_DUMP : new BackupSource("latest", null), null, null, null, null);
  }

  private static BackupInfo info(String name) {
    return new BackupInfo(name, Instant.now().toEpochMilli(), 0, false, null, Map.of(), Map.of());
  }

  private void backup(String name, String schedule, String phase, Instant completed) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", phase);
    status.put("completionTimestamp", completed.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    VeleroResources.of(client, VeleroResources.BACKUP).inNamespace("velero").resource(
        new GenericKubernetesResourceBuilder().withApiVersion("velero.io/v1").withKind("Backup")
            .withNewMetadata().withName(name).withNamespace("velero").addToLabels("velero.io/schedule-name", schedule)
            .endMetadata().addToAdditionalProperties("spec", Map.of("includedNamespaces", List.of("lobby")))
            .addToAdditionalProperties("status", status).build()).create();
  }

  private GenericKubernetesResource restoreObject(Map<String, Object> status) {
    return VeleroResources.of(client, VeleroResources.RESTORE).inNamespace("velero").resource(
        new GenericKubernetesResourceBuilder().withApiVersion("velero.io/v1").withKind("Restore")
            .withNewMetadata().withName(SCRATCH).withNamespace("velero").endMetadata()
            .addToAdditionalProperties("spec", Map.of("backupName", "gone"))
            .addToAdditionalProperties("status", status).build()).create();
  }

  private GenericKubernetesResource restoreObject() {
    return VeleroResources.of(client, VeleroResources.RESTORE).inNamespace("velero").withName(SCRATCH).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource object) {
    return (Map<String, Object>) object.getAdditionalProperties().get("spec");
  }
}
