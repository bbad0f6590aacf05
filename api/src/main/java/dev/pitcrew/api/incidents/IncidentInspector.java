package dev.pitcrew.api.incidents;

import dev.pitcrew.activities.audit.AuditRecord;
import dev.pitcrew.api.audit.RefusedAttempts;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RecentReads;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.TimelineEntry;
import dev.pitcrew.workflows.incident.TimelineEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Reads one incident. Its status comes from the row its workflow records with every change ({@code incidents}),
 * not from a query: a query waits behind the workflow's tasks on a worker, and an incident people keep adding notes
 * to always has some, so during an incident, when everyone opens it, every reader waited for the busiest workflow.
 * Before its first record (the moment after it opened) the workflow's {@code status} query answers. The timeline
 * is the workflow's {@code timeline} query (it shows notes as they arrive), or the signals in its history when no
 * worker answers.
 */
@Service
class IncidentInspector {
  private static final Logger log = LoggerFactory.getLogger(IncidentInspector.class);
  private static final String NO_ANSWER =
      "No worker answered the %s query (%s); is a worker polling the operations task queue?";

  /** A timeline and who told it: {@code workflow} (the query) or {@code history} (signals as received). */
  record Timeline(String incidentId, String answeredBy, String note, List<TimelineLine> entries) {}

  private final WorkflowClient client;
  private final IncidentExecutions executions;
  private final IncidentTable table;
  private final SignalHistory signals;
  private final RefusedAttempts refusals;
  private final RecentReads recent;

  IncidentInspector(WorkflowClient client, IncidentExecutions executions, IncidentTable table, SignalHistory signals,
      RefusedAttempts refusals, RecentReads recent) {
    this.recent = recent;
    this.refusals = refusals;
    this.client = client;
    this.executions = executions;
    this.table = table;
    this.signals = signals;
  }

  /**
   * The incident as last recorded; one not recorded yet as its workflow answers, shared within
   * {@code pitcrew.reads.live-ttl} (concurrent readers share one query).
   */
  IncidentView view(String incidentId) {
    return table.find(incidentId)
        .map(row -> IncidentView.of(row, null))
        .orElseGet(() -> recent.of(incidentId, "view", () -> readView(incidentId)));
  }

  private IncidentView readView(String incidentId) {
    if (!knownToTemporal(incidentId)) {
      return IncidentView.of(table.find(incidentId).orElseThrow(), "Temporal no longer holds this incident (its "
          + "retention passed, or the in-memory engine restarted); this is its last recorded state");
    }
    String reason;
    try {
      IncidentStatus status = client.newWorkflowStub(IncidentWorkflow.class, incidentId).status();
      if (status != null) {
        return IncidentView.of(status);
      }
      reason = "The incident has not run its first step yet";
    } catch (RuntimeException e) {
      log.debug("Status query of {} failed", incidentId, e);
      reason = NO_ANSWER.formatted("status", e.getClass().getSimpleName());
    }
    String why = reason;
    return table.find(incidentId)
        .map(row -> IncidentView.of(row, why + "; showing its last recorded state"))
        .orElseThrow(() -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Incident status unavailable",
            why + ", and the incident is not recorded yet. Retry in a moment.", List.of(),
            Map.of("incidentId", incidentId)));
  }

  Timeline timeline(String incidentId) {
    if (!knownToTemporal(incidentId)) {
      throw ApiException.notFound("Temporal no longer holds the history of incident '" + incidentId
          + "'; GET /api/v1/incidents/" + incidentId + " shows its last recorded state");
    }
    try {
      List<TimelineEntry> entries = client.newWorkflowStub(IncidentWorkflow.class, incidentId).timeline();
      return new Timeline(incidentId, "workflow", null, withRefusals(incidentId,
          entries.stream().map(TimelineLine::of).toList()));
    } catch (RuntimeException e) {
      log.debug("Timeline query of {} failed", incidentId, e);
      return new Timeline(incidentId, "history",
          NO_ANSWER.formatted("timeline", e.getClass().getSimpleName()) + ". These are the signals the incident "
              + "received, read from its history; what the workflow did with them (pages, ignored signals, the "
              + "postmortem) appears once a worker answers again.",
          withRefusals(incidentId, signals.received(incidentId)));
    }
  }

  /**
   * Decisions refused by the workflow's Update validators (already acknowledged, already resolved) never reach its
   * history: the audit trail recorded them, and they join the timeline as {@code IGNORED} lines, with the reason.
   */
  private List<TimelineLine> withRefusals(String incidentId, List<TimelineLine> lines) {
    List<TimelineLine> merged = new ArrayList<>(lines);
    for (AuditRecord refused : refusals.on(incidentId)) {
      merged.add(new TimelineLine(refused.at(), TimelineEvent.IGNORED.name(), refused.principal(),
          refused.channel(), refused.reason()));
    }
    merged.sort(Comparator.comparing(TimelineLine::at));
    return merged;
  }

  /**
   * True for an incident Temporal holds; false for one only the {@code incidents} table remembers; 404 for
   * anything else, including runs of other types.
   */
  private boolean knownToTemporal(String incidentId) {
    if (executions.describe(incidentId).isPresent()) {
      return true;
    }
    if (table.find(incidentId).isPresent()) {
      return false;
    }
    throw IncidentExecutions.notAnIncident(incidentId);
  }
}
