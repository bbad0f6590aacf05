package dev.pitcrew.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.workflows.deploy.Colour;
import dev.pitcrew.workflows.deploy.GreenDeployment;
import dev.pitcrew.workflows.deploy.GreenSpec;
import dev.pitcrew.workflows.deploy.KubernetesRolloutActivities;
import dev.pitcrew.workflows.deploy.PodTemplateChanges;
import dev.pitcrew.workflows.deploy.Readiness;
import dev.pitcrew.workflows.deploy.ReadinessCheck;
import dev.pitcrew.workflows.deploy.ScaleRequest;
import dev.pitcrew.workflows.deploy.ServiceSelection;
import dev.pitcrew.workflows.deploy.TrafficSwitch;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesRolloutActivitiesImplTest {
  private static final String NS = "staging";
  private static final String SERVICE = "game-api";

  KubernetesMockServer server;
  KubernetesClient client;

  private KubernetesRolloutActivitiesImpl activities;
  private TestActivityEnvironment activityEnvironment;
  private KubernetesRolloutActivities viaTemporal;

  @BeforeEach
  void setUp() {
    activities = new KubernetesRolloutActivitiesImpl(
        client, new KubernetesTarget(KubernetesMode.SANDBOX, "mock", "unit test"));
    // Readiness heartbeats, so it runs inside Temporal's activity test environment.
    activityEnvironment = TestActivityEnvironment.newInstance();
    activityEnvironment.registerActivitiesImplementations(activities);
    viaTemporal = activityEnvironment.newActivityStub(
        KubernetesRolloutActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  @AfterEach
  void tearDown() {
    activityEnvironment.close();
  }

  @Test
  void firstDeploymentCreatesBlueAndThePreviewServiceThenTheCutoverCreatesTheActiveService() {
    GreenDeployment first = activities.prepareGreen(spec("registry.example/game-api:1.0", 2, "attempt-1"));

    assertThat(first.colour()).isEqualTo(Colour.BLUE);
    assertThat(first.hasPrevious()).isFalse();
    Deployment blue = deployment("game-api-blue");
    assertThat(blue.getSpec().getReplicas()).isEqualTo(2);
    assertThat(blue.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    assertThat(blue.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", SERVICE, "pitcrew.dev/colour", "blue"));
    assertThat(blue.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(blue.getSpec().getSelector().getMatchLabels());
    assertThat(blue.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo(SERVICE);
      assertThat(c.getImage()).isEqualTo("registry.example/game-api:1.0");
      assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8080);
    });
    assertThat(selectorColour("game-api-preview")).isEqualTo("blue");
    assertThat(service(SERVICE)).as("no traffic before the cutover").isNull();

    TrafficSwitch cutover = activities.pointServiceAt(activeSelection(Colour.BLUE));

    assertThat(cutover.fromColour()).isNull();
    Service active = service(SERVICE);
    assertThat(active.getSpec().getSelector())
        .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", SERVICE, "pitcrew.dev/colour", "blue"));
    assertThat(active.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(80);
      assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080);
    });
  }

  @Test
  void greenIsBluesPodTemplateWithTheChangesAndOnlyThePreviewServiceMoves() {
    servingBlue();
    String blueVersion = deployment("game-api-blue").getMetadata().getResourceVersion();

    GreenDeployment green = activities.prepareGreen(new GreenSpec(SERVICE, NS, "registry.example/game-api:2.0",
        new PodTemplateChanges(Map.of("LOG_LEVEL", "debug"), Map.of("pitcrew.dev/release", "42")), 3, 8080, 300,
        "attempt-2"));

    assertThat(green).isEqualTo(new GreenDeployment(Colour.GREEN, "game-api-green", "registry.example/game-api:2.0",
        Colour.BLUE, "game-api-blue", "registry.example/game-api:1.0", 4, SERVICE, "game-api-preview"));
    Deployment created = deployment("game-api-green");
    assertThat(created.getSpec().getReplicas()).isEqualTo(3);
    assertThat(created.getSpec().getProgressDeadlineSeconds()).isEqualTo(300);
    assertThat(created.getMetadata().getAnnotations()).containsEntry("pitcrew.dev/attempt", "attempt-2");
    assertThat(created.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("pitcrew.dev/attempt", "attempt-2")
        .containsEntry("pitcrew.dev/release", "42")
        .containsEntry("team", "live-ops");
    var containers = created.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("log-shipper=registry.example/shipper:7", "game-api=registry.example/game-api:2.0");
    assertThat(containers.get(1).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("REGION", "eu"),
            org.assertj.core.groups.Tuple.tuple("LOG_LEVEL", "debug"));
    assertThat(containers.get(1).getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    assertThat(deployment("game-api-blue").getMetadata().getResourceVersion()).isEqualTo(blueVersion);
    assertThat(selectorColour("game-api-preview")).isEqualTo("green");
    assertThat(selectorColour(SERVICE)).isEqualTo("blue");
  }

  @Test
  void aRetriedPrepareChangesNothingButANewAttemptReplacesAnAbortedGreen() {
    servingBlue();
    activities.prepareGreen(spec("registry.example/game-api:2.0", 3, "attempt-1"));
    Deployment firstAttempt = deployment("game-api-green");

    activities.prepareGreen(spec("registry.example/game-api:2.0", 3, "attempt-1"));
    assertThat(deployment("game-api-green").getMetadata().getResourceVersion())
        .as("a retry of the same attempt does not write again")
        .isEqualTo(firstAttempt.getMetadata().getResourceVersion());

    activities.scale(new ScaleRequest(NS, "game-api-green", 0));
    markRolledOut("game-api-green", 0);
    activities.prepareGreen(spec("registry.example/game-api:2.0", 3, "attempt-2"));

    Deployment retry = deployment("game-api-green");
    assertThat(retry.getSpec().getReplicas()).isEqualTo(3);
    assertThat(retry.getMetadata().getAnnotations()).containsEntry("pitcrew.dev/attempt", "attempt-2");
    assertThat(retry.getMetadata().getGeneration()).isGreaterThan(firstAttempt.getMetadata().getGeneration());
    assertThat(retry.getMetadata().getUid()).isEqualTo(firstAttempt.getMetadata().getUid());
    assertThatThrownBy(() -> viaTemporal.awaitReady(readiness("game-api-green", 3, "attempt-1", 600)))
        .as("the aborted attempt's readiness can never be mistaken for this one's")
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("replaced by attempt attempt-2");
  }

  @Test
  void readinessWaitsForTheLatestGenerationToBeFullyAvailable() throws Exception {
    servingBlue();
    activities.prepareGreen(spec("registry.example/game-api:2.0", 3, "attempt-1"));
    Deployment green = deployment("game-api-green");
    // Status of an older generation: all replicas available, but not this version's.
    writeStatus("game-api-green", green.getMetadata().getGeneration() - 1, 3, 3, 3, "True", "NewReplicaSetAvailable");

    CompletableFuture<Readiness> waiting =
        CompletableFuture.supplyAsync(() -> viaTemporal.awaitReady(readiness("game-api-green", 3, "attempt-1", 600)));
    Thread.sleep(700);
    assertThat(waiting).as("stale status is not readiness").isNotDone();
    writeStatus("game-api-green", green.getMetadata().getGeneration(), 3, 2, 2, "True", "ReplicaSetUpdated");
    Thread.sleep(700);
    assertThat(waiting).as("2 of 3 available is not readiness").isNotDone();
    writeStatus("game-api-green", green.getMetadata().getGeneration(), 3, 3, 3, "True", "NewReplicaSetAvailable");

    Readiness ready = waiting.get(15, TimeUnit.SECONDS);
    assertThat(ready.availableReplicas()).isEqualTo(3);
    assertThat(ready.waitedMillis()).isGreaterThanOrEqualTo(1400);
  }

  @Test
  void readinessFailsWithoutRetryWhenKubernetesReportsProgressDeadlineExceeded() {
    servingBlue();
    activities.prepareGreen(spec("registry.example/game-api:2.0", 3, "attempt-1"));
    long generation = deployment("game-api-green").getMetadata().getGeneration();
    writeStatus("game-api-green", generation, 3, 3, 0, "False", "ProgressDeadlineExceeded");

    assertThatThrownBy(() -> viaTemporal.awaitReady(readiness("game-api-green", 3, "attempt-1", 600)))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(KubernetesRolloutActivities.PROGRESS_DEADLINE_EXCEEDED);
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage())
              .contains("0/3 available", "Progressing=False (ProgressDeadlineExceeded)");
        });
  }

  @Test
  void readinessGivesUpAtItsOwnDeadlineWhenTheControllerNeverReports() {
    servingBlue();
    activities.prepareGreen(spec("registry.example/game-api:2.0", 3, "attempt-1"));

    long start = System.nanoTime();
    assertThatThrownBy(() -> viaTemporal.awaitReady(readiness("game-api-green", 3, "attempt-1", 1)))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class,
            failure -> assertThat(failure.getType()).isEqualTo(KubernetesRolloutActivities.PROGRESS_DEADLINE_EXCEEDED));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(8));
  }

  @Test
  void theSwitchIsOneSelectorPatchAndTheRollbackFlipsItBackWithoutTouchingDeployments() throws Exception {
    servingBlue();
    activities.prepareGreen(spec("registry.example/game-api:2.0", 4, "attempt-1"));
    Map<String, String> deploymentVersions = deploymentVersions();
    Service before = service(SERVICE);
    drainRequests();

    TrafficSwitch cutover = activities.pointServiceAt(activeSelection(Colour.GREEN));

    assertThat(cutover.fromColour()).isEqualTo(Colour.BLUE);
    assertThat(cutover.alreadyInPlace()).isFalse();
    assertThat(cutover.switchMillis()).isBetween(0L, 5_000L);
    Service after = service(SERVICE);
    assertThat(after.getSpec().getSelector()).containsEntry("pitcrew.dev/colour", "green")
        .containsEntry("app.kubernetes.io/name", SERVICE).hasSize(2);
    assertThat(after.getSpec().getPorts()).isEqualTo(before.getSpec().getPorts());
    assertThat(writesTo("/services/game-api")).containsExactly("PATCH");

    TrafficSwitch retried = activities.pointServiceAt(activeSelection(Colour.GREEN));
    assertThat(retried.alreadyInPlace()).isTrue();
    assertThat(writesTo("/services/game-api")).as("a retried switch does not patch again").isEmpty();

    TrafficSwitch rollback = activities.pointServiceAt(activeSelection(Colour.BLUE));
    assertThat(rollback.fromColour()).isEqualTo(Colour.GREEN);
    assertThat(selectorColour(SERVICE)).isEqualTo("blue");
    List<String> writes = drainRequests().stream().filter(r -> !r.getMethod().equals("GET"))
        .map(r -> r.getMethod() + " " + r.getPath()).toList();
    assertThat(writes).containsExactly("PATCH /api/v1/namespaces/staging/services/game-api");
    assertThat(deploymentVersions()).as("no Deployment changes during cutover or rollback")
        .isEqualTo(deploymentVersions);
  }

  @Test
  void scalingSetsTheReplicaCountAndIgnoresMissingDeployments() {
    servingBlue();

    activities.scale(new ScaleRequest(NS, "game-api-blue", 0));
    activities.scale(new ScaleRequest(NS, "game-api-green", 0));

    assertThat(deployment("game-api-blue").getSpec().getReplicas()).isZero();
    assertThat(deployment("game-api-green")).isNull();
  }

  @Test
  void refusesAServiceThatDoesNotSelectByColour() {
    client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(SERVICE).endMetadata()
        .withNewSpec().addToSelector("app", SERVICE).endSpec().build()).create();

    assertThatThrownBy(() -> activities.prepareGreen(spec("registry.example/game-api:2.0", 3, "attempt-1")))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(KubernetesRolloutActivities.UNMANAGEABLE);
          assertThat(failure.getOriginalMessage()).contains("does not select by pitcrew.dev/colour");
        });
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }

  /** game-api 1.0 serving from blue with 4 replicas, a sidecar, resources and an environment variable. */
  private void servingBlue() {
    Map<String, String> selector = Map.of("app.kubernetes.io/name", SERVICE, "pitcrew.dev/colour", "blue");
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName("game-api-blue").withLabels(selector).endMetadata()
        .withNewSpec().withReplicas(4).withNewSelector().withMatchLabels(selector).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(selector).addToAnnotations("team", "live-ops").endMetadata()
        .withNewSpec()
        .addToContainers(new ContainerBuilder().withName("log-shipper").withImage("registry.example/shipper:7").build())
        .addToContainers(new ContainerBuilder().withName(SERVICE).withImage("registry.example/game-api:1.0")
            .addNewEnv().withName("REGION").withValue("eu").endEnv()
            .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
            .withNewResources().addToLimits("memory", new Quantity("512Mi")).endResources()
            .build())
        .endSpec()
        .endTemplate()
        .endSpec().build()).create();
    for (String name : List.of(SERVICE, "game-api-preview")) {
      client.services().inNamespace(NS).resource(new ServiceBuilder()
          .withNewMetadata().withName(name).endMetadata()
          .withNewSpec().withSelector(selector).addNewPort().withPort(80).withNewTargetPort(8080).endPort().endSpec()
          .build()).create();
    }
  }

  private void markRolledOut(String name, int replicas) {
    writeStatus(name, deployment(name).getMetadata().getGeneration(), replicas, replicas, replicas, "True",
        "NewReplicaSetAvailable");
  }

  private void writeStatus(String name, long observedGeneration, int updated, int total, int available,
      String progressing, String reason) {
    Deployment deployment = deployment(name);
    deployment.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(observedGeneration)
        .withReplicas(total).withUpdatedReplicas(updated).withAvailableReplicas(available)
        .addToConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus(progressing)
            .withReason(reason).build())
        .build());
    client.apps().deployments().inNamespace(NS).resource(deployment).updateStatus();
  }

  private static GreenSpec spec(String image, int replicas, String attempt) {
    return new GreenSpec(SERVICE, NS, image, null, replicas, 8080, 600, attempt);
  }

  private static ReadinessCheck readiness(String name, int replicas, String attempt, int deadlineSeconds) {
    return new ReadinessCheck(NS, name, replicas, attempt, deadlineSeconds);
  }

  private static ServiceSelection activeSelection(Colour colour) {
    return new ServiceSelection(NS, SERVICE, SERVICE, colour, 8080);
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  private Service service(String name) {
    return client.services().inNamespace(NS).withName(name).get();
  }

  private String selectorColour(String serviceName) {
    return service(serviceName).getSpec().getSelector().get("pitcrew.dev/colour");
  }

  private Map<String, String> deploymentVersions() {
    Map<String, String> versions = new java.util.TreeMap<>();
    client.apps().deployments().inNamespace(NS).list().getItems()
        .forEach(d -> versions.put(d.getMetadata().getName(), d.getMetadata().getResourceVersion()));
    return versions;
  }

  private List<String> writesTo(String pathSuffix) throws InterruptedException {
    return drainRequests().stream()
        .filter(r -> !r.getMethod().equals("GET") && r.getPath().endsWith(pathSuffix))
        .map(RecordedRequest::getMethod)
        .toList();
  }

  private List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      requests.add(r);
    }
    return requests;
  }
}
