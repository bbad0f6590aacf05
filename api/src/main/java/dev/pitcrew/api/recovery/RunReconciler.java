package dev.pitcrew.api.recovery;

import dev.pitcrew.activities.kubernetes.ObservedTraffic;
import dev.pitcrew.api.runs.LostRuns;
import dev.pitcrew.api.runs.LostRuns.IndexedRun;
import dev.pitcrew.api.runs.RunIndexQueries;
import dev.pitcrew.api.runs.RunInspector;
import dev.pitcrew.workers.temporal.TemporalEndpoint;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the runs index honest about runs the Temporal engine lost. On start (once the engine answers) and then
 * every {@code pitcrew.recovery.reconcile-interval}, every row that says RUNNING is described in Temporal by
 * workflow ID and run ID; NOT_FOUND means the engine no longer holds it (the in-process test server restarted
 * without its state, a namespace lost or restored from an older backup). Such a run is recovered when its state
 * is in PostgreSQL (open tickets, open incidents) or marked LOST with the reason (deployments: with which colour
 * the cluster sends traffic to; nothing is done to the cluster; drills: a run of {@link DrillLeftoverCleanup} drops
 * the scratch copy the lost run made).
 *
 * <p>The timer only triggers the work; the work is idempotent (conditional SQL updates, starts that fail when
 * the run already exists), so several API instances may reconcile at once.
 */
@Component
public class RunReconciler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RunReconciler.class);

  private final LostRuns lostRuns;
  private final WorkflowClient client;
  private final TemporalEndpoint endpoint;
  private final RecoveryProperties properties;
  private final TicketRecovery tickets;
  private final IncidentRecovery incidents;
  private final DrillLeftoverCleanup drillLeftovers;
  private final ObjectProvider<ObservedTraffic> traffic;
  private final RunIndexQueries index;
  private ScheduledExecutorService timer;
  private volatile boolean running;

  RunReconciler(LostRuns lostRuns, WorkflowClient client, TemporalEndpoint endpoint, RecoveryProperties properties,
      TicketRecovery tickets, IncidentRecovery incidents, DrillLeftoverCleanup drillLeftovers,
      ObjectProvider<ObservedTraffic> traffic, RunIndexQueries index) {
    this.lostRuns = lostRuns;
    this.client = client;
    this.endpoint = endpoint;
    this.properties = properties;
    this.tickets = tickets;
    this.incidents = incidents;
    this.drillLeftovers = drillLeftovers;
    this.traffic = traffic;
    this.index = index;
  }

  /** What one pass found. */
  public record Pass(int checked, int lost, int recovered, boolean engineAnswered) {}

  /** One pass over the RUNNING rows; safe to call at any time, from any instance. */
  public synchronized Pass reconcile() {
    int checked = 0;
    int lost = 0;
    int recovered = 0;
    for (IndexedRun run : lostRuns.running()) {
      checked++;
      Described described = describe(run);
      Status.Code code = described.code();
      if (code == Status.Code.OK) {
        closeIfTemporalClosedIt(run, described.info());
        continue;
      }
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        log.debug("Temporal at {} does not answer ({}); reconciliation waits for the next pass", endpoint.target(),
            code);
        return new Pass(checked, lost, recovered, false);
      }
      if (code != Status.Code.NOT_FOUND) {
        continue;
      }
      if (handleLost(run)) {
        recovered++;
      } else {
        lost++;
      }
    }
    return new Pass(checked, lost, recovered, true);
  }

  /**
   * A run Temporal reports closed whose row still says RUNNING: its closing index write was given up (PostgreSQL
   * was down longer than the side-effect policy's bound) or never made (terminated, timed out). Closed from
   * Temporal's own record.
   */
  private void closeIfTemporalClosedIt(IndexedRun run, WorkflowExecutionInfo info) {
    var status = RunInspector.statusOf(info.getStatus());
    if (status.isClosed() && info.hasCloseTime()) {
      index.reconcileClosed(run.workflowId(), status,
          Instant.ofEpochSecond(info.getCloseTime().getSeconds(), info.getCloseTime().getNanos()));
    }
  }

  private record Described(Status.Code code, WorkflowExecutionInfo info) {}

  /** OK (with the run) when Temporal holds it, NOT_FOUND when it does not, or the code of the failed call. */
  private Described describe(IndexedRun run) {
    try {
      var response = client.getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(endpoint.namespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(run.workflowId()).setRunId(run.runId()))
              .build());
      return new Described(Status.Code.OK, response.getWorkflowExecutionInfo());
    } catch (StatusRuntimeException e) {
      return new Described(e.getStatus().getCode(), null);
    } catch (RuntimeException e) {
      log.warn("Could not describe run {} / {}: {}", run.workflowId(), run.runId(), e.toString());
      return new Described(Status.Code.UNKNOWN, null);
    }
  }

  /** Answers true when the run was recovered as a new run, false when it is now LOST. */
  private boolean handleLost(IndexedRun run) {
    Recovery recovery = null;
    try {
      if (properties.recoverTickets() && TicketSlaWorkflow.RUN_TYPE.equals(run.runType())) {
        recovery = tickets.recover(run);
      } else if (properties.recoverIncidents() && IncidentWorkflow.RUN_TYPE.equals(run.runType())) {
        recovery = incidents.recover(run);
      }
    } catch (WorkflowExecutionAlreadyStarted already) {
      // Another instance (or an earlier pass that failed to record it) recovered it: record that run.
      recovery = Recovery.recovered(already.getExecution().getRunId(), null);
    } catch (RuntimeException e) {
      log.warn("Could not recover lost run {} / {}: {}", run.workflowId(), run.runId(), e.toString());
      recovery = Recovery.notRecovered("recovery failed: " + e.getMessage());
    }
    if (recovery != null && recovery.started()) {
      if (IncidentWorkflow.RUN_TYPE.equals(run.runType())) {
        lostRuns.recordRecoveredRun(run, recovery.newRunId(), run.phase());
      }
      lostRuns.markRecovered(run.workflowId(), run.runId(), recovery.newRunId());
      log.warn("Recovered {} {}: the Temporal engine had lost run {}; it goes on as run {}{}", run.runType(),
          run.workflowId(), run.runId(), recovery.newRunId(),
          recovery.note() == null ? "" : " (" + recovery.note() + ")");
      return true;
    }
    String reason = LostRuns.REASON;
    if (BlueGreenDeploymentWorkflow.RUN_TYPE.equals(run.runType())) {
      reason += ". It was interrupted at phase " + run.phase() + "; cluster now: " + observedTraffic(run);
    }
    if (DrillWorkflow.RUN_TYPE.equals(run.runType())) {
      String cleanUp = cleanUpAfterDrill(run);
      if (cleanUp == null) {
        return false; // left RUNNING: the next pass starts the clean-up and marks it LOST then
      }
      reason += ". " + cleanUp;
    }
    if (recovery != null && recovery.note() != null) {
      reason += ". Not recovered: " + recovery.note();
    }
    if (lostRuns.markLost(run.workflowId(), run.runId(), reason)) {
      log.warn("Run {} / {} ({}) is LOST: {}", run.workflowId(), run.runId(), run.runType(), reason);
    }
    return false;
  }

  /** What the drill's LOST reason adds, or null when its clean-up could not be started (the next pass retries). */
  private String cleanUpAfterDrill(IndexedRun run) {
    try {
      return drillLeftovers.cleanUpAfter(run);
    } catch (RuntimeException e) {
      log.warn("Could not start the clean-up after lost drill run {} / {}; the next pass tries again: {}",
          run.workflowId(), run.runId(), e.toString());
      return null;
    }
  }

  private String observedTraffic(IndexedRun run) {
    ObservedTraffic cluster = traffic.getIfAvailable();
    if (cluster == null || run.environment() == null || run.service() == null) {
      return "not observed (no Kubernetes connection in this process)";
    }
    return cluster.describe(run.environment(), run.service());
  }

  private void reconcileQuietly() {
    try {
      Pass pass = reconcile();
      if (pass.lost() + pass.recovered() > 0) {
        log.warn("Reconciliation: {} runs checked, {} lost, {} recovered", pass.checked(), pass.lost(),
            pass.recovered());
      }
    } catch (RuntimeException e) {
      log.warn("Reconciliation pass failed; the next one retries: {}", e.toString());
    }
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "pitcrew-reconcile");
      thread.setDaemon(true);
      return thread;
    });
    // The first pass soon after start; one that finds the engine not answering yet simply waits for the next.
    long interval = properties.reconcileInterval().toMillis();
    timer.scheduleWithFixedDelay(this::reconcileQuietly, Math.min(interval, 2_000), interval, TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** After the workers (they start in earlier phases) so a recovered run has someone to run it. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
