package dev.pitcrew.api.incidents;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.StartDescription;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.IncidentIds;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.PagedAtDoor;
import io.temporal.client.WorkflowClient;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Where every alert and declaration enters, whatever its source (Alertmanager, the API, Slack). A firing alert
 * opens or joins the incident of its dedup key with one signal-with-start, so concurrent duplicates can never open
 * two incidents; a resolved alert is recorded on the live incident of its key, and never opens one.
 *
 * <p>A key's incidents are numbered: the first runs under {@link IncidentIds#workflowIdFor(String)
 * workflowIdFor(key)}, later ones under {@code workflowIdFor(key#n)}. A key moves to its next incident only once
 * the current one is resolved for longer than the dedup window (or has ended), so all callers that see the same
 * incidents pick the same workflow ID.
 *
 * <p>Opening a key's next incident pages its first level at the door ({@link FirstPageAtDoor}) before the engine is
 * asked, and tells the run what PagerDuty accepted; joining a recorded live incident pages nobody.
 */
@Service
public class IncidentIntake {
  /** Memo key of the token of the delivery that started an incident's run. */
  static final String INTAKE_TOKEN_MEMO = "intakeToken";

  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final IncidentExecutions executions;
  private final IncidentTable incidents;
  private final IncidentIntakeProperties properties;
  private final FirstPageAtDoor door;
  private final Clock clock;

  @Autowired
  IncidentIntake(
      WorkflowClient client, TemporalCalls temporal, IncidentTable incidents, IncidentIntakeProperties properties,
      FirstPageAtDoor door) {
    this(client, temporal, incidents, properties, door, Clock.systemUTC());
  }

  IncidentIntake(
      WorkflowClient client,
      TemporalCalls temporal,
      IncidentTable incidents,
      IncidentIntakeProperties properties,
      FirstPageAtDoor door,
      Clock clock) {
    this.client = client;
    this.temporal = temporal;
    // Built here rather than injected: it is stateless over the same client, and the clock-taking constructor stays
    // usable on its own.
    this.executions = new IncidentExecutions(client, temporal);
    this.incidents = incidents;
    this.properties = properties;
    this.door = door;
    this.clock = clock;
  }

  /**
   * A firing alert or a declaration: joins the live incident of {@code opening.dedupKey()}, or opens one with
   * {@code opening} and delivers {@code alert} to it as its first signal.
   */
  public IntakeResult raise(IncidentInput opening, Alert alert) {
    if (alert.status() != AlertStatus.FIRING) {
      throw new IllegalArgumentException("Only a firing alert opens an incident; use clear() for a resolved one");
    }
    String key = opening.dedupKey();
    Optional<IncidentTable.Latest> latest = incidents.latestOf(key);
    if (latest.isPresent() && stillTakesAlerts(latest.get())
        && deliver(latest.get().incidentId(), opening, alert, null)) {
      return new IntakeResult(latest.get().incidentId(), IntakeOutcome.JOINED);
    }
    // Not yet recorded (it may have opened a moment ago: signal-with-start then joins it) or over: the next one.
    // Should that number belong to an incident that has ended (one the records missed), the one after it is free.
    // The first page leaves from here, before the engine is asked (it is the durable owner of the page, and
    // triggers whatever this did not reach). Then the alert goes to the engine; only then is it asked whether this
    // delivery started the incident (its memo carries this delivery's token) or joined one.
    int next = latest.map(l -> l.incidentsOfKey() + 1).orElse(1);
    for (int n = next; n <= next + 1; n++) {
      String incidentId = numbered(key, n);
      PagedAtDoor paged = door.page(incidentId, opening);
      String token = UUID.randomUUID().toString();
      if (deliver(incidentId, paged == null ? opening : opening.withPagedAtDoor(paged), alert, token)) {
        return new IntakeResult(incidentId, startedWith(incidentId, token) ? IntakeOutcome.OPENED : IntakeOutcome.JOINED);
      }
      door.withdraw(incidentId, paged);
    }
    throw ApiException.conflict(
        "Incidents " + numbered(key, next) + " and " + numbered(key, next + 1) + " of dedup key '" + key
            + "' have both ended but are not on record; check that workers can write to PostgreSQL, then retry",
        Map.of("dedupKey", key));
  }

  /**
   * Pages the first level of the incident {@code opening} would open, before its delivery waits for a place towards
   * the engine; {@link #raise} then shares the door's attempt (it remembers it) instead of paging again. Decided
   * from the key's records alone, so nothing here waits for the engine: a key whose last incident is on record as
   * live, or resolved within the dedup window, would join it, and nothing is paged ahead (should the engine say
   * that incident has ended, {@code raise} pages the next one as ever). Never fails the delivery: a key whose
   * records cannot be read now is paged by {@code raise}.
   */
  public void pageAhead(IncidentInput opening) {
    String key = opening.dedupKey();
    Optional<IncidentTable.Latest> latest;
    try {
      latest = incidents.latestBeforePaging(key);
    } catch (DataAccessException unreadable) {
      return;
    }
    if (latest.isPresent() && withinDedupWindow(latest.get())) {
      return;
    }
    door.page(numbered(key, latest.map(l -> l.incidentsOfKey() + 1).orElse(1)), opening);
  }

  /** A resolved alert: recorded on the live incident of {@code dedupKey}, if there is one. */
  public IntakeResult clear(String dedupKey, Alert alert) {
    if (alert.status() != AlertStatus.RESOLVED) {
      throw new IllegalArgumentException("clear() takes a resolved alert");
    }
    Optional<IncidentTable.Latest> latest = incidents.latestOf(dedupKey);
    String recorded = latest.map(IncidentTable.Latest::incidentId).orElse(null);
    String unrecorded = numbered(dedupKey, latest.map(l -> l.incidentsOfKey() + 1).orElse(1));
    for (String candidate : new String[] {recorded, unrecorded}) {
      if (candidate != null && executions.isRunning(candidate)) {
        temporal.run(candidate, () -> client.newUntypedWorkflowStub(candidate).signal(IncidentWorkflow.ALERT_SIGNAL, alert));
        return new IntakeResult(candidate, IntakeOutcome.JOINED);
      }
    }
    // A firing delivery may have paged at the door and then been refused by the engine (503); if the alert cleared
    // before a retry started its incident, nothing else would ever resolve that page.
    door.withdraw(unrecorded, door.remembered(unrecorded));
    return new IntakeResult(null, IntakeOutcome.NO_OPEN_INCIDENT);
  }

  private boolean stillTakesAlerts(IncidentTable.Latest latest) {
    return withinDedupWindow(latest) && executions.isRunning(latest.incidentId());
  }

  /** Live on record, or resolved for less than the dedup window. */
  private boolean withinDedupWindow(IncidentTable.Latest latest) {
    Instant resolvedAt = latest.resolvedAt();
    return resolvedAt == null || resolvedAt.plus(properties.dedupWindow()).isAfter(clock.instant());
  }

  /**
   * Signal-with-start that never starts a second run under an ID whose incident has ended (Temporal would by
   * default): returns false instead, so the caller moves on to the key's next incident. A start records
   * {@code token} (when given) in the run's memo.
   */
  private boolean deliver(String incidentId, IncidentInput opening, Alert alert, String token) {
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put("type", IncidentWorkflow.RUN_TYPE);
    memo.put("service", opening.service());
    memo.put("severity", opening.severity().name());
    if (token != null) {
      memo.put(INTAKE_TOKEN_MEMO, token);
    }
    WorkflowOptions options = describe(opening).applyTo(
        WorkflowOptions.newBuilder()
            .setWorkflowId(incidentId)
            .setTaskQueue(TaskQueues.OPERATIONS)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setMemo(memo))
        .build();
    try {
      temporal.run(null, () -> client.newUntypedWorkflowStub(IncidentWorkflow.class.getSimpleName(), options)
          .signalWithStart(IncidentWorkflow.ALERT_SIGNAL, new Object[] {alert}, new Object[] {opening}));
      return true;
    } catch (WorkflowExecutionAlreadyStarted taken) {
      // Temporal's Java test server (local mode) also answers this to the loser of two concurrent signal-with-starts
      // of a new ID, where a Temporal cluster signals the run the winner started: take that run, or this duplicate
      // would open the key's next incident.
      if (executions.isRunning(incidentId)) {
        temporal.run(incidentId, () -> client.newUntypedWorkflowStub(incidentId)
            .signal(IncidentWorkflow.ALERT_SIGNAL, alert));
        return true;
      }
      return false;
    }
  }

  /**
   * Whether the run under {@code incidentId} was started by the delivery that holds {@code token}. Temporal's
   * signal-with-start answer would say so itself ({@code started}), but the Java test server that local mode runs
   * on leaves it unset; the memo is the engine's own record of which start won.
   */
  private boolean startedWith(String incidentId, String token) {
    return token.equals(temporal.call(incidentId,
        () -> client.newUntypedWorkflowStub(incidentId).describe().getMemo(INTAKE_TOKEN_MEMO, String.class)));
  }

  /** "[SEV2] Checkout failing on checkout, opened by alertmanager", for the Temporal UI. */
  public static StartDescription describe(IncidentInput opening) {
    return StartDescription.of("[" + opening.severity() + "] " + opening.title() + " on " + opening.service()
            + ", opened by " + opening.openedBy())
        .with("Service", opening.service())
        .with("Severity", opening.severity().name())
        .with("Opened by", opening.openedBy())
        .with("Through", opening.source())
        .with("Details", opening.details());
  }

  /** Workflow ID of the {@code n}th incident of a dedup key. */
  static String numbered(String dedupKey, int n) {
    return IncidentIds.workflowIdFor(n <= 1 ? dedupKey : dedupKey + "#" + n);
  }
}
