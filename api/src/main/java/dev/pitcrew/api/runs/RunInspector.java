package dev.pitcrew.api.runs;

import dev.pitcrew.activities.audit.AuditRecord;
import dev.pitcrew.api.audit.RefusedAttempts;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workers.temporal.TemporalEndpoint;
import dev.pitcrew.workflows.run.PhaseAware;
import dev.pitcrew.workflows.run.RunStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Reads one run from Temporal (status, phase, input, result, history) and keeps the index honest about it. */
@Service
public class RunInspector {
  private static final Logger log = LoggerFactory.getLogger(RunInspector.class);

  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final TemporalEndpoint endpoint;
  private final RunIndexQueries index;
  private final RunTypes runTypes;
  private final PayloadJson payloads;
  private final TimelineBuilder timelines;
  private final LostRuns lost;
  private final RefusedAttempts refusals;
  private final RecentReads recent;

  RunInspector(
      WorkflowClient client,
      TemporalCalls temporal,
      TemporalEndpoint endpoint,
      RunIndexQueries index,
      RunTypes runTypes,
      PayloadJson payloads,
      TimelineBuilder timelines,
      LostRuns lost,
      RefusedAttempts refusals,
      RecentReads recent) {
    this.recent = recent;
    this.lost = lost;
    this.refusals = refusals;
    this.client = client;
    this.temporal = temporal;
    this.endpoint = endpoint;
    this.index = index;
    this.runTypes = runTypes;
    this.payloads = payloads;
    this.timelines = timelines;
  }

  /**
   * Status and workflow type of a run, straight from Temporal, for acting on it: 404 when it does not exist, the
   * 409 "Run lost" problem when the runs index says Temporal lost it.
   */
  public WorkflowExecutionInfo describe(String workflowId) {
    return describe(workflowId, "act on it");
  }

  WorkflowExecutionInfo describe(String workflowId, String action) {
    try {
      return describeInTemporal(workflowId);
    } catch (ApiException e) {
      if (e.status() == HttpStatus.NOT_FOUND) {
        lost.lost(workflowId).ifPresent(run -> {
          throw LostRuns.problem(run, action);
        });
      }
      throw e;
    }
  }

  private WorkflowExecutionInfo describeInTemporal(String workflowId) {
    return temporal.call(
        workflowId,
        () ->
            client.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(endpoint.namespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build())
                .getWorkflowExecutionInfo());
  }

  /** The run's details, as read within {@code pitcrew.reads.live-ttl} (concurrent readers share one read). */
  public RunDetails details(String workflowId) {
    return recent.of(workflowId, "details", () -> readDetails(workflowId));
  }

  private RunDetails readDetails(String workflowId) {
    WorkflowExecutionInfo info;
    try {
      info = describeInTemporal(workflowId);
    } catch (ApiException notInTemporal) {
      if (notInTemporal.status() != HttpStatus.NOT_FOUND) {
        throw notInTemporal;
      }
      return index.find(workflowId).map(this::fromIndexOnly).orElseThrow(() -> notInTemporal);
    }
    RunStatus status = statusOf(info.getStatus());
    // Two small reads instead of the whole history: the start event (the input) and, once closed, the close event
    // (result or failure). A ticket or incident may carry thousands of events; a summary needs neither.
    HistoryEvent first = startEvent(info.getExecution());
    HistoryEvent last = status.isClosed() ? closeEvent(info.getExecution()).orElse(first) : first;
    Optional<RunSummary> indexed = index.find(workflowId);
    Instant closedAt = info.hasCloseTime() ? instant(info.getCloseTime()) : null;
    if (status.isClosed() && indexed.map(r -> "RUNNING".equals(r.status())).orElse(false)) {
      index.reconcileClosed(workflowId, status, closedAt);
    }
    String phase = status.isClosed() ? indexed.map(RunSummary::phase).orElse(null) : livePhase(workflowId, indexed);
    String workflowType = info.getType().getName();
    return new RunDetails(
        workflowId,
        info.getExecution().getRunId(),
        runTypes.nameOf(workflowType),
        workflowType,
        status.name(),
        phase,
        indexed.map(RunSummary::service).orElse(null),
        indexed.map(RunSummary::environment).orElse(null),
        indexed.map(RunSummary::severity).orElse(null),
        instant(info.getStartTime()),
        closedAt,
        payloads.of(first.getWorkflowExecutionStartedEventAttributes().getInput()),
        last.hasWorkflowExecutionCompletedEventAttributes()
            ? payloads.of(last.getWorkflowExecutionCompletedEventAttributes().getResult())
            : null,
        last.hasWorkflowExecutionFailedEventAttributes()
            ? last.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage()
            : null,
        null,
        links(workflowId));
  }

  /** A run the index remembers but Temporal has forgotten (retention expired, or an in-memory engine restarted). */
  private RunDetails fromIndexOnly(RunSummary run) {
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", "/api/v1/runs/" + run.workflowId());
    return new RunDetails(
        run.workflowId(), run.runId(), run.type(), null, run.status(), run.phase(), run.service(), run.environment(),
        run.severity(), run.startedAt(), run.closedAt(), null, null, null,
        "LOST".equals(run.status()) ? run.outcome() + ". " + LostRuns.whatToDo(lostRow(run))
        : "Temporal no longer holds this run (its retention period passed, or the in-memory engine was restarted); "
            + "these details are Pitcrew's record of it. Outcome: " + run.outcome(),
        links);
  }

  private LostRuns.IndexedRun lostRow(RunSummary run) {
    return lost.lost(run.workflowId()).orElse(new LostRuns.IndexedRun(run.workflowId(), run.runId(), run.type(),
        run.status(), run.phase(), run.service(), run.environment(), run.severity(), 0, run.startedAt(), null));
  }

  /**
   * The run's history as lines, with the attempts that were refused merged in by time: a decision its Update
   * validator refused never reaches the history, and the audit trail recorded it with the reason.
   */
  public List<TimelineEvent> timeline(String workflowId) {
    try {
      List<TimelineEvent> timeline = new ArrayList<>(timelines.build(history(workflowId)));
      for (AuditRecord refused : refusals.on(workflowId)) {
        timeline.add(new TimelineEvent(refused.at(), "refused",
            refused.action() + " by " + refused.principal() + " refused: " + refused.reason(), null));
      }
      timeline.sort(Comparator.comparing(TimelineEvent::at));
      return timeline;
    } catch (ApiException notInTemporal) {
      if (notInTemporal.status() == HttpStatus.NOT_FOUND && index.find(workflowId).isPresent()) {
        throw ApiException.notFound(
            "Temporal no longer holds the history of run '" + workflowId + "'; GET /api/v1/runs/" + workflowId
                + " shows how it ended");
      }
      throw notInTemporal;
    }
  }

  private HistoryEvent startEvent(WorkflowExecution execution) {
    return temporal.call(execution.getWorkflowId(), () -> historyPage(
        GetWorkflowExecutionHistoryRequest.newBuilder().setMaximumPageSize(1), execution).getFirst());
  }

  private Optional<HistoryEvent> closeEvent(WorkflowExecution execution) {
    return temporal.call(execution.getWorkflowId(), () -> historyPage(
        GetWorkflowExecutionHistoryRequest.newBuilder()
            .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT), execution)
        .stream().reduce((earlier, later) -> later));
  }

  private List<HistoryEvent> historyPage(GetWorkflowExecutionHistoryRequest.Builder request, WorkflowExecution execution) {
    return client.getWorkflowServiceStubs().blockingStub()
        .getWorkflowExecutionHistory(request.setNamespace(endpoint.namespace()).setExecution(execution).build())
        .getHistory().getEventsList();
  }

  private List<HistoryEvent> history(String workflowId) {
    return temporal.call(workflowId, () -> client.fetchHistory(workflowId).getEvents());
  }

  /** The workflow's own answer; the index's last record if no worker answers in time. */
  private String livePhase(String workflowId, Optional<RunSummary> indexed) {
    try {
      return client.newUntypedWorkflowStub(workflowId).query(PhaseAware.PHASE_QUERY, String.class);
    } catch (RuntimeException e) {
      log.debug("Phase query for {} failed, using the runs index: {}", workflowId, e.getMessage());
      return indexed.map(RunSummary::phase).orElse(null);
    }
  }

  private Map<String, String> links(String workflowId) {
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", "/api/v1/runs/" + workflowId);
    links.put("timeline", "/api/v1/runs/" + workflowId + "/timeline");
    if (endpoint.uiUrl() != null) {
      links.put("temporalUi", endpoint.uiUrl() + "/namespaces/" + endpoint.namespace() + "/workflows/" + workflowId);
    }
    return links;
  }

  public static RunStatus statusOf(WorkflowExecutionStatus status) {
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> RunStatus.COMPLETED;
      case WORKFLOW_EXECUTION_STATUS_FAILED -> RunStatus.FAILED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED -> RunStatus.CANCELED;
      case WORKFLOW_EXECUTION_STATUS_TERMINATED -> RunStatus.TERMINATED;
      case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> RunStatus.TIMED_OUT;
      default -> RunStatus.RUNNING;
    };
  }

  /** 409 unless the run is still running: signals and cancellation only make sense then. */
  public WorkflowExecutionInfo requireRunning(String workflowId, String action) {
    WorkflowExecutionInfo info = describe(workflowId, action);
    RunStatus status = statusOf(info.getStatus());
    if (status.isClosed()) {
      throw ApiException.conflict(
          "Run '" + workflowId + "' is " + status.name().toLowerCase() + "; cannot " + action,
          // runStatus, not status: RFC 9457's status is the numeric HTTP code and must stay so.
          Map.of("runStatus", status.name()));
    }
    return info;
  }

  public void cancel(String workflowId) {
    requireRunning(workflowId, "cancel it");
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    temporal.run(workflowId, stub::cancel);
  }

  private static Instant instant(com.google.protobuf.Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
