package dev.pitcrew.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.Refusal;
import dev.pitcrew.workflows.run.RunProgress;
import dev.pitcrew.workflows.run.RunStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlueGreenDeploymentWorkflowTest {
  private static final String SERVICE = "game-api";
  private static final String OLD_IMAGE = "registry.example/game-api:1.4.0";
  private static final String NEW_IMAGE = "registry.example/game-api:1.5.0";
  private static final OperatorDecision BOB = new OperatorDecision("bob", "release notes checked");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingRunIndex index;
  private FakeCluster cluster;
  private ScriptedAnalysis analysis;
  private RecordingDeploymentMetrics metrics;
  private BackupHook.Scripted backup;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(BlueGreenDeploymentWorkflowImpl.class);
    index = new RecordingRunIndex();
    cluster = FakeCluster.serving(SERVICE, OLD_IMAGE, 3);
    analysis = new ScriptedAnalysis();
    metrics = new RecordingDeploymentMetrics();
    backup = new BackupHook.Scripted(cluster);
    worker.registerActivitiesImplementations(index, cluster, analysis, metrics, backup,
        new RecordingDeploymentRecords());
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  @Test
  void autoPromotesAfterAnalysisAndKeepsBlueWarmForTheRollbackWindow() {
    BlueGreenStrategy strategy =
        strategy(null, analysisOf(repeated("error-rate", 2, 30)), analysisOf(repeated("latency", 1, 30)), null,
            backupHook());

    DeploymentStatus result = run("staging").deploy(request("staging", strategy));

    assertThat(result.phase()).isEqualTo("Promoted");
    assertThat(result.trafficOn()).isEqualTo(Colour.GREEN);
    assertThat(result.previousImage()).isEqualTo(OLD_IMAGE);
    assertThat(result.cutoverSwitchMillis()).isEqualTo(7);
    assertThat(result.analyses()).extracting(AnalysisRun::stage, AnalysisRun::phase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AnalysisStage.PRE_PROMOTION, MeasurementPhase.SUCCESSFUL),
            org.assertj.core.groups.Tuple.tuple(AnalysisStage.POST_PROMOTION, MeasurementPhase.SUCCESSFUL));
    assertThat(result.analyses().get(0).metrics().get(0).measurements()).hasSize(2);
    assertThat(analysis.requests()).extracting(r -> r.target().kubernetesService())
        .containsExactly("game-api-preview", "game-api-preview", "game-api");
    assertThat(cluster.events())
        .containsExactly(
            "prepare game-api-green " + NEW_IMAGE + " x3 attempt=" + attemptOf("staging"),
            "ready game-api-green x3",
            "hook BackupDatabase players before " + NEW_IMAGE,
            "switch game-api -> green",
            "scale game-api-blue 0");
    String id = idOf("staging");
    assertThat(index.phasesOf(id))
        .containsExactly("Pending", "Deploying", "Analysing", "Promoting", "Promoted", "Analysing", "Promoted",
            "Completed");
    assertThat(index.lastOf(id).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(millisBetween(id, "Promoting", "Completed"))
        .as("blue scaled down only after the 300s rollback window")
        .isGreaterThanOrEqualTo(300_000);
    assertThat(metrics.outcomes()).singleElement().satisfies(o -> {
      assertThat(o.outcome()).isEqualTo("Promoted");
      assertThat(o.cutoverSwitchMillis()).isEqualTo(7);
      assertThat(o.rollbackTrigger()).isNull();
    });
    HistoryReplay.recordIfRequested(client, id, "deploy", "auto-promoted");
  }

  @Test
  void productionWaitsForApprovalAndRecordsWhoApproved() {
    BlueGreenDeploymentWorkflow run = run("production");
    WorkflowClient.start(run::deploy, request("production", null));
    env.sleep(Duration.ofMinutes(10));
    assertThat(run.phase()).isEqualTo("AwaitingApproval");
    assertThat(run.status().awaiting()).startsWith("Promotion");
    assertThat(cluster.events()).noneMatch(e -> e.startsWith("switch"));

    run.approve(BOB);
    DeploymentStatus result = resultOf(run);

    assertThat(result.phase()).isEqualTo("Promoted");
    assertThat(result.approvedBy()).isEqualTo(BOB);
    assertThat(result.strategy().autoPromotionEnabled()).isFalse();
    assertThat(cluster.selectorOf(SERVICE)).isEqualTo(Colour.GREEN);
    HistoryReplay.recordIfRequested(client, idOf("production"), "deploy", "approved");
  }

  @Test
  void requesterCannotApproveTheirOwnProductionDeployment() {
    BlueGreenDeploymentWorkflow run = run("production");
    WorkflowClient.start(run::deploy, request("production", null));
    env.sleep(Duration.ofMinutes(1));

    assertThatThrownBy(() -> run.approve(new OperatorDecision("alice", "trust me")))
        .as("the validator refuses alice's own approval, with the reason, before it enters the history")
        .isInstanceOf(WorkflowUpdateException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, refusal -> {
          assertThat(refusal.getType()).isEqualTo(Refusal.FORBIDDEN.type());
          assertThat(refusal.getOriginalMessage())
              .isEqualTo("alice requested this production deployment and may not approve it; another approver must approve");
        });
    env.sleep(Duration.ofMinutes(1));
    assertThat(run.phase()).isEqualTo("AwaitingApproval");

    DecisionRecord approval = run.approve(BOB);
    assertThat(approval.accepted()).isTrue();
    DeploymentStatus result = resultOf(run);

    assertThat(result.approvedBy().by()).isEqualTo("bob");
    assertThat(result.decisions()).extracting(DecisionRecord::by, DecisionRecord::accepted)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", true));
    assertThat(client.fetchHistory(idOf("production")).getEvents())
        .as("a refused update leaves no trace in the history")
        .filteredOn(e -> e.hasWorkflowExecutionUpdateAcceptedEventAttributes())
        .hasSize(1);
  }

  /**
   * What the Temporal UI shows of a deployment waiting for approval: its current details name the phase and the
   * question with its deadline, and its timer and steps say what they are for.
   */
  @Test
  void aDeploymentReadsInTheTemporalUi() {
    BlueGreenDeploymentWorkflow run = run("production");
    WorkflowClient.start(run::deploy, request("production", strategy(null, null, null, new ApprovalPolicy(600, null), null)));
    env.sleep(Duration.ofMinutes(1));
    WorkflowMetadata metadata = WorkflowStub.fromTyped(run).query("__temporal_workflow_metadata", WorkflowMetadata.class);
    assertThat(metadata.getCurrentDetails()).matches("\\*\\*Phase:\\*\\* AwaitingApproval\n\n\\*\\*Waiting for:\\*\\* "
        + "Promotion: approve to switch traffic, reject to abort \\(times out \\d\\d:\\d\\d UTC\\)");
    String deadline = metadata.getCurrentDetails().replaceAll("(?s).*times out (\\d\\d:\\d\\d UTC).*", "$1");
    run.approve(BOB);
    resultOf(run);

    List<String> timers = summaries(HistoryEvent::hasTimerStartedEventAttributes);
    assertThat(timers).contains("wait for approval, times out " + deadline);
    assertThat(summaries(HistoryEvent::hasActivityTaskScheduledEventAttributes))
        .contains("deploy " + NEW_IMAGE + " beside the serving version", "switch traffic to GREEN");
    // The index writes are local activities (side-effect policy): their markers carry the summary.
    assertThat(summaries(HistoryEvent::hasMarkerRecordedEventAttributes))
        .contains("runs index: AwaitingApproval (RUNNING)", "runs index: Completed (COMPLETED)");
  }

  private List<String> summaries(Predicate<HistoryEvent> kind) {
    return client.fetchHistory(idOf("production")).getEvents().stream()
        .filter(kind)
        .filter(HistoryEvent::hasUserMetadata)
        .map(e -> DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            e.getUserMetadata().getSummary(), String.class, String.class))
        .toList();
  }

  @Test
  void aDecisionWithNothingToDecideIsRefusedWithTheReason() {
    BlueGreenDeploymentWorkflow run = run("staging");
    BlueGreenStrategy manual = strategy(false, null, null, null, null);
    WorkflowClient.start(run::deploy, request("staging", manual));
    env.sleep(Duration.ofMinutes(1));
    run.approve(BOB);

    assertThatThrownBy(() -> run.reject(new OperatorDecision("carol", "too late")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, refusal -> {
          assertThat(Refusal.ofType(refusal.getType())).contains(Refusal.WRONG_PHASE);
          assertThat(refusal.getOriginalMessage()).isEqualTo("nothing is awaiting a decision");
        });
    assertThat(resultOf(run).phase()).isEqualTo("Promoted");
  }

  @Test
  void outsideProductionTheRequesterMayApprove() {
    BlueGreenStrategy manual = strategy(false, null, null, null, null);
    BlueGreenDeploymentWorkflow run = run("staging");
    WorkflowClient.start(run::deploy, request("staging", manual));
    env.sleep(Duration.ofMinutes(1));

    run.approve(new OperatorDecision("alice", "my own change"));

    assertThat(resultOf(run).approvedBy().by()).isEqualTo("alice");
  }

  @Test
  void rejectionAbortsAndScalesGreenDownAfterTheAbortDelay() {
    BlueGreenDeploymentWorkflow run = run("production");
    WorkflowClient.start(run::deploy, request("production", null));
    env.sleep(Duration.ofMinutes(1));

    run.reject(new OperatorDecision("bob", "wrong build"));
    DeploymentStatus result = resultOf(run);

    assertThat(result.phase()).isEqualTo("Aborted");
    assertThat(result.rejectedBy().by()).isEqualTo("bob");
    assertThat(result.outcome()).isEqualTo("Promotion rejected by bob: wrong build");
    assertTrafficStayedOnBlueAndGreenIsDown();
    assertThat(millisBetween(idOf("production"), "Aborted", "Completed")).isGreaterThanOrEqualTo(30_000);
    assertThat(metrics.outcomes()).singleElement().extracting(DeploymentOutcome::outcome).isEqualTo("Aborted");
    HistoryReplay.recordIfRequested(client, idOf("production"), "deploy", "rejected");
  }

  @Test
  void approvalTimeoutAborts() {
    BlueGreenStrategy strategy = strategy(null, null, null, new ApprovalPolicy(600, null), null);

    DeploymentStatus result = run("production").deploy(request("production", strategy));

    assertThat(result.phase()).isEqualTo("Aborted");
    assertThat(result.outcome()).isEqualTo("Promotion was not approved within 600s");
    assertTrafficStayedOnBlueAndGreenIsDown();
    assertThat(millisBetween(idOf("production"), "AwaitingApproval", "Aborted")).isGreaterThanOrEqualTo(600_000);
  }

  @Test
  void failedPreAnalysisAbortsWithoutSwitching() {
    analysis.script("error-rate", MeasurementPhase.SUCCESSFUL, MeasurementPhase.FAILED);
    BlueGreenStrategy strategy = strategy(null, analysisOf(repeated("error-rate", 5, 60)), null, null, null);

    DeploymentStatus result = run("staging").deploy(request("staging", strategy));

    assertThat(result.phase()).isEqualTo("Aborted");
    assertThat(result.outcome()).isEqualTo("Pre-promotion analysis failed");
    assertThat(result.analyses().get(0).phase()).isEqualTo(MeasurementPhase.FAILED);
    assertThat(result.analyses().get(0).metrics().get(0).measurements())
        .as("the analysis stops at the first failure beyond the limit")
        .hasSize(2);
    assertTrafficStayedOnBlueAndGreenIsDown();
  }

  @Test
  void inconclusiveAnalysisWaitsForAHumanWhoMayContinue() {
    analysis.script("latency", MeasurementPhase.INCONCLUSIVE);
    BlueGreenStrategy strategy = strategy(null, analysisOf(repeated("latency", 3, 60)), null, null, null);
    BlueGreenDeploymentWorkflow run = run("staging");
    WorkflowClient.start(run::deploy, request("staging", strategy));
    env.sleep(Duration.ofMinutes(30));

    assertThat(run.phase()).isEqualTo("AwaitingApproval");
    assertThat(run.status().awaiting()).contains("inconclusive");
    assertThat(run.status().analyses().get(0).phase()).isEqualTo(MeasurementPhase.INCONCLUSIVE);
    run.approve(BOB);
    DeploymentStatus result = resultOf(run);

    assertThat(result.phase()).isEqualTo("Promoted");
    assertThat(cluster.selectorOf(SERVICE)).isEqualTo(Colour.GREEN);
    HistoryReplay.recordIfRequested(client, idOf("staging"), "deploy", "inconclusive-approved");
  }

  @Test
  void inconclusiveAnalysisRejectedByAHumanAborts() {
    analysis.script("latency", MeasurementPhase.INCONCLUSIVE);
    BlueGreenStrategy strategy = strategy(null, analysisOf(repeated("latency", 1, 60)), null, null, null);
    BlueGreenDeploymentWorkflow run = run("staging");
    WorkflowClient.start(run::deploy, request("staging", strategy));
    env.sleep(Duration.ofMinutes(5));

    run.reject(BOB);

    DeploymentStatus result = resultOf(run);
    assertThat(result.phase()).isEqualTo("Aborted");
    assertThat(result.outcome()).startsWith("Pre-promotion analysis was inconclusive and rejected by bob");
    assertTrafficStayedOnBlueAndGreenIsDown();
  }

  @Test
  void failedPostPromotionAnalysisSwitchesBackToWarmBlue() {
    analysis.script("error-rate", MeasurementPhase.FAILED);
    BlueGreenStrategy strategy = strategy(null, null, analysisOf(repeated("error-rate", 3, 60)), null, null);

    DeploymentStatus result = run("staging").deploy(request("staging", strategy));

    assertThat(result.phase()).isEqualTo("RolledBack");
    assertThat(result.outcome()).isEqualTo("Post-promotion analysis failed");
    assertThat(result.trafficOn()).isEqualTo(Colour.BLUE);
    assertThat(analysis.requests()).extracting(r -> r.target().kubernetesService()).containsOnly("game-api");
    assertThat(cluster.events())
        .containsSubsequence("switch game-api -> green", "switch game-api -> blue", "scale game-api-green 0")
        .noneMatch(e -> e.startsWith("scale game-api-blue"));
    assertThat(cluster.deployments().get("game-api-blue").replicas()).isEqualTo(3);
    assertThat(index.phasesOf(idOf("staging"))).containsSubsequence("Promoted", "Analysing", "RollingBack",
        "RolledBack", "Completed");
    assertThat(metrics.outcomes()).singleElement().satisfies(o -> {
      assertThat(o.outcome()).isEqualTo("RolledBack");
      assertThat(o.rollbackTrigger()).isEqualTo("analysis");
      assertThat(o.rollbackSwitchMillis()).isEqualTo(7);
    });
    HistoryReplay.recordIfRequested(client, idOf("staging"), "deploy", "post-analysis-rolled-back");
  }

  @Test
  void manualRollbackWithinTheWindowOnlyFlipsTheSelector() {
    BlueGreenDeploymentWorkflow run = run("staging");
    WorkflowClient.start(run::deploy, request("staging", null));
    env.sleep(Duration.ofMinutes(2));
    assertThat(run.phase()).isEqualTo("Promoted");
    List<String> before = cluster.events();
    Map<String, FakeCluster.FakeDeployment> deploymentsBefore = cluster.deployments();

    run.rollback(new OperatorDecision("carol", "players report desyncs"));
    env.sleep(Duration.ofSeconds(1));

    List<String> afterFlip = cluster.events().subList(before.size(), cluster.events().size());
    assertThat(afterFlip).as("the rollback is one selector change: no new Deployment, no scaling")
        .containsExactly("switch game-api -> blue");
    assertThat(cluster.deployments()).isEqualTo(deploymentsBefore);

    DeploymentStatus result = resultOf(run);
    assertThat(result.phase()).isEqualTo("RolledBack");
    assertThat(result.outcome()).isEqualTo("Rolled back by carol: players report desyncs");
    assertThat(cluster.events().subList(before.size(), cluster.events().size()))
        .containsExactly("switch game-api -> blue", "scale game-api-green 0");
    assertThat(metrics.outcomes()).singleElement().extracting(DeploymentOutcome::rollbackTrigger)
        .isEqualTo("manual");
    HistoryReplay.recordIfRequested(client, idOf("staging"), "deploy", "manual-rollback");
  }

  @Test
  void rollbackAfterTheWindowIsRefusedBecauseBlueIsGone() {
    BlueGreenStrategy shortWindow = new BlueGreenStrategy(null, null, null, 30, null, null, 60, null, null, null, null);
    DeploymentStatus result = run("staging").deploy(request("staging", shortWindow));

    assertThat(result.phase()).isEqualTo("Promoted");
    assertThat(millisBetween(idOf("staging"), "Promoted", "Completed")).isBetween(60_000L, 61_000L);
    WorkflowStub finished = client.newUntypedWorkflowStub(idOf("staging"));
    assertThatThrownBy(() -> finished.update(BlueGreenDeploymentWorkflow.ROLLBACK, DecisionRecord.class, BOB))
        .as("a closed deployment takes no decisions: a later rollback is a new deployment of the previous image")
        .isInstanceOf(io.temporal.client.WorkflowException.class);
    assertThat(cluster.deployments().get("game-api-blue").replicas()).isZero();
  }

  enum AbortPoint { DEPLOYING, ANALYSING, AWAITING_APPROVAL, PROMOTING, PROMOTED }

  @ParameterizedTest
  @EnumSource(AbortPoint.class)
  void abortInAnyPhaseLeavesTrafficOnBlueAndScalesGreenDown(AbortPoint point) {
    String environment = point == AbortPoint.AWAITING_APPROVAL ? "production" : "staging";
    BlueGreenStrategy strategy = switch (point) {
      case ANALYSING -> strategy(null, analysisOf(repeated("error-rate", 5, 60)), null, null, null);
      case PROMOTING -> strategy(null, null, null, null, backupHook());
      default -> null;
    };
    if (point == AbortPoint.DEPLOYING) {
      cluster.readiness(FakeCluster.Readiness.NEVER_ANSWERS);
    }
    if (point == AbortPoint.PROMOTING) {
      backup.behaviour = BackupHook.Behaviour.NEVER_ANSWERS;
    }
    BlueGreenDeploymentWorkflow run = run(environment);
    WorkflowClient.start(run::deploy, request(environment, strategy));
    // Short: the test server cannot skip time while a hanging activity is open.
    env.sleep(Duration.ofSeconds(1));
    String expectedPhase = switch (point) {
      case DEPLOYING -> "Deploying";
      case ANALYSING -> "Analysing";
      case AWAITING_APPROVAL -> "AwaitingApproval";
      case PROMOTING -> "Promoting";
      case PROMOTED -> "Promoted";
    };
    assertThat(run.phase()).isEqualTo(expectedPhase);

    run.abort(new OperatorDecision("dave", "incident in progress"));
    // A real rollout or backup would notice the cancellation on its next heartbeat; answer for the test doubles.
    HangingActivities.cancelAll(client);
    DeploymentStatus result = resultOf(run);

    assertThat(result.phase()).isEqualTo("Aborted");
    assertThat(result.outcome()).isEqualTo("Aborted by dave: incident in progress");
    assertThat(result.decisions()).singleElement()
        .satisfies(d -> assertThat(d.note()).isEqualTo("aborted at phase " + expectedPhase));
    assertThat(cluster.selectorOf(SERVICE)).isEqualTo(Colour.BLUE);
    assertThat(cluster.deployments().get("game-api-green").replicas()).isZero();
    assertThat(cluster.deployments().get("game-api-blue").replicas()).isEqualTo(3);
    long switches = cluster.events().stream().filter(e -> e.startsWith("switch game-api ")).count();
    assertThat(switches).isEqualTo(point == AbortPoint.PROMOTED ? 2 : 0);
    assertThat(millisBetween(idOf(environment), "Aborted", "Completed")).isGreaterThanOrEqualTo(30_000);
    if (point == AbortPoint.PROMOTED) {
      assertThat(result.rollbackSwitchMillis()).isEqualTo(7);
      HistoryReplay.recordIfRequested(client, idOf(environment), "deploy", "aborted-after-promotion");
    }
    if (point == AbortPoint.DEPLOYING) {
      HistoryReplay.recordIfRequested(client, idOf(environment), "deploy", "aborted-while-deploying");
    }
  }

  @Test
  void retryAfterAnAbortIsACleanNewAttempt() {
    BlueGreenDeploymentWorkflow first = run("production");
    WorkflowClient.start(first::deploy, request("production", null));
    env.sleep(Duration.ofMinutes(1));
    first.abort(new OperatorDecision("bob", "wrong config"));
    assertThat(resultOf(first).phase()).isEqualTo("Aborted");

    BlueGreenDeploymentWorkflow second = run("production");
    WorkflowClient.start(second::deploy, request("production", null));
    env.sleep(Duration.ofMinutes(1));
    DeploymentStatus waiting = second.status();
    assertThat(waiting.phase()).isEqualTo("AwaitingApproval");
    assertThat(waiting.decisions()).as("nothing carried over from the aborted attempt").isEmpty();
    second.approve(BOB);
    DeploymentStatus result = resultOf(second);

    assertThat(result.phase()).isEqualTo("Promoted");
    List<String> prepared = cluster.events().stream().filter(e -> e.startsWith("prepare")).toList();
    assertThat(prepared).hasSize(2);
    assertThat(prepared.get(0)).isNotEqualTo(prepared.get(1));
    assertThat(cluster.deployments().get("game-api-green"))
        .isEqualTo(new FakeCluster.FakeDeployment(NEW_IMAGE, 3, attemptOf("production")));
    assertThat(cluster.events())
        .containsSubsequence("scale game-api-green 0", prepared.get(1), "ready game-api-green x3",
            "switch game-api -> green");
  }

  @Test
  void progressDeadlineExceededAborts() {
    cluster.readiness(FakeCluster.Readiness.DEADLINE_EXCEEDED);

    DeploymentStatus result = run("staging").deploy(request("staging", null));

    assertThat(result.phase()).isEqualTo("Aborted");
    assertThat(result.outcome())
        .isEqualTo("The new version did not become available within 600s: "
            + "Deployment game-api-green exceeded its progress deadline");
    assertTrafficStayedOnBlueAndGreenIsDown();
    HistoryReplay.recordIfRequested(client, idOf("staging"), "deploy", "progress-deadline");
  }

  @Test
  void failedPreCutoverHookKeepsTrafficOnBlue() {
    backup.behaviour = BackupHook.Behaviour.FAILS;
    BlueGreenStrategy strategy = strategy(null, null, null, null, backupHook());

    DeploymentStatus result = run("staging").deploy(request("staging", strategy));

    assertThat(result.phase()).isEqualTo("Aborted");
    assertThat(result.outcome()).isEqualTo("Pre-cutover hook BackupDatabase failed: pg_dump exited with 1");
    assertThat(cluster.events()).filteredOn(e -> e.startsWith("hook")).hasSize(1);
    assertTrafficStayedOnBlueAndGreenIsDown();
    HistoryReplay.recordIfRequested(client, idOf("staging"), "deploy", "hook-failed");
  }

  @Test
  void previewReplicasScaleUpBeforeTheSwitch() {
    BlueGreenStrategy strategy = new BlueGreenStrategy(null, null, 1, null, null, null, null, null, null, null, null);

    run("staging").deploy(request("staging", strategy));

    assertThat(cluster.events()).containsSubsequence(
        "prepare game-api-green " + NEW_IMAGE + " x1 attempt=" + attemptOf("staging"),
        "ready game-api-green x1",
        "scale game-api-green 3",
        "ready game-api-green x3",
        "switch game-api -> green");
  }

  @Test
  void invalidRequestFailsBeforeTouchingTheCluster() {
    DeploymentRequest invalid =
        new DeploymentRequest("Game_API", "staging", NEW_IMAGE, null, 0, "alice", null, null);

    assertThatThrownBy(() -> run("staging").deploy(invalid))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("service must be a DNS-1035 label")
        .hasMessageContaining("replicas must be at least 1");
    assertThat(cluster.events()).isEmpty();
  }

  @Test
  void workflowIdIsOnePerServiceAndEnvironment() {
    assertThat(BlueGreenDeploymentWorkflow.workflowId("game-api", "eu-prod")).isEqualTo("deploy-game-api@eu-prod");
    assertThat(BlueGreenDeploymentWorkflow.workflowId("game", "api-eu-prod"))
        .isNotEqualTo(BlueGreenDeploymentWorkflow.workflowId("game-api", "eu-prod"));
  }

  private void assertTrafficStayedOnBlueAndGreenIsDown() {
    assertThat(cluster.events()).noneMatch(e -> e.startsWith("switch game-api "));
    assertThat(cluster.selectorOf(SERVICE)).isEqualTo(Colour.BLUE);
    assertThat(cluster.deployments().get("game-api-green").replicas()).isZero();
    assertThat(cluster.deployments().get("game-api-blue").replicas()).isEqualTo(3);
  }

  private BlueGreenDeploymentWorkflow run(String environment) {
    return client.newWorkflowStub(
        BlueGreenDeploymentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(idOf(environment)).setTaskQueue(TaskQueues.OPERATIONS).build());
  }

  private static DeploymentRequest request(String environment, BlueGreenStrategy strategy) {
    return new DeploymentRequest(SERVICE, environment, NEW_IMAGE, null, 3, "alice", strategy, null);
  }

  private static String idOf(String environment) {
    return BlueGreenDeploymentWorkflow.workflowId(SERVICE, environment);
  }

  private String attemptOf(String environment) {
    String id = idOf(environment);
    return id + "/" + client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
  }

  private static DeploymentStatus resultOf(BlueGreenDeploymentWorkflow run) {
    return WorkflowStub.fromTyped(run).getResult(DeploymentStatus.class);
  }

  private long millisBetween(String workflowId, String fromPhase, String toPhase) {
    List<RunProgress> records = index.records().stream().filter(r -> r.workflowId().equals(workflowId)).toList();
    long from = records.stream().filter(r -> r.phase().equals(fromPhase)).findFirst().orElseThrow().recordedAtMillis();
    long to = records.stream().filter(r -> r.phase().equals(toPhase)).reduce((a, b) -> b).orElseThrow()
        .recordedAtMillis();
    return to - from;
  }

  static BlueGreenStrategy strategy(
      Boolean autoPromotion, AnalysisSpec pre, AnalysisSpec post, ApprovalPolicy policy, PreCutoverHook hook) {
    return new BlueGreenStrategy(autoPromotion, null, null, null, null, null, null, pre, post, policy, hook);
  }

  static AnalysisSpec analysisOf(AnalysisMetric... metrics) {
    return new AnalysisSpec(List.of(metrics));
  }

  static AnalysisMetric repeated(String name, int count, int intervalSeconds) {
    return new AnalysisMetric(name, new PrometheusQuery("sum(rate(errors{app=\"{{service}}\"}[1m]))"), null,
        "result[0] < 0.01", "result[0] > 0.05", intervalSeconds, count, null, null, null);
  }

  private static PreCutoverHook backupHook() {
    return new PreCutoverHook(BackupHook.TYPE, Map.of("database", "players"), 600, null);
  }
}
