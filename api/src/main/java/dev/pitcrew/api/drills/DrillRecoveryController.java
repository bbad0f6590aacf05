package dev.pitcrew.api.drills;

import dev.pitcrew.activities.drill.DrillDefinitionStore;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.runs.RunDecisions;
import dev.pitcrew.api.runs.StartDescription;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.BackupSource;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillReport;
import dev.pitcrew.workflows.drill.DrillRequest;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.drill.RecoveryDecision;
import dev.pitcrew.workflows.drill.RecoveryRequest;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Recovery mode: the drill workflow restoring a drill's target, as of a chosen point in time, into its real place.
 * It restores and verifies in scratch first, then waits for a second person with {@code drills.recover} (the
 * releaser role) to approve; the rule (two persons, the permission, the phase) is the workflow's Update validator's.
 * See docs/drills.md#recovery-mode.
 */
@RestController
@RequestMapping("/api/v1/drills/{name}/recoveries")
class DrillRecoveryController {
  static final String PERMISSION = "drills.recover";

  /** Body of a recovery request. */
  record RecoveryBody(String pointInTime, String reason) {}

  /** Body of a decision on a recovery. */
  record DecisionBody(String reason) {}

  private final DrillDefinitionStore definitions;
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final RunDecisions decisions;
  private final Access access;
  private final RequestReader requests;
  private final Clock clock;

  DrillRecoveryController(DrillDefinitionStore definitions, WorkflowClient client, TemporalCalls temporal,
      RunDecisions decisions, Access access, RequestReader requests) {
    this.definitions = definitions;
    this.client = client;
    this.temporal = temporal;
    this.decisions = decisions;
    this.access = access;
    this.requests = requests;
    this.clock = Clock.systemUTC();
  }

  @PostMapping
  @PreAuthorize("@access.can('drills.recover')")
  ResponseEntity<Map<String, Object>> start(@PathVariable String name, @RequestBody(required = false) JsonNode json) {
    // Read strictly before anything else: an unknown or oversized field is a 400 naming it.
    RecoveryBody body = json == null ? null : requests.read(json, RecoveryBody.class, "");
    DrillDefinition definition = definitions.find(name).orElseThrow(
        () -> ApiException.notFound("There is no drill named '" + name + "'")).definition();
    if (definition.target().targetsPitcrew()) {
      throw ApiException.badField("target.kind", "Pitcrew's own database cannot be replaced while Pitcrew runs on it;"
          + " follow docs/disaster-recovery.md");
    }
    if (definition.target().throughVelero()) {
      throw ApiException.badField("target.kind", "recovery mode restores PostgreSQL targets; restore a namespace "
          + "with Velero itself (velero restore create), see docs/drills.md");
    }
    if (definition.target().throughPgBackRest()) {
      throw ApiException.badField("target.kind", "recovery mode restores logical PostgreSQL targets; recover a "
          + "pgBackRest stanza in place with pgbackrest restore --type=time, see docs/drills.md");
    }
    if (!BackupSource.LATEST.equals(definition.backup().mode())) {
      throw ApiException.badField("backup.mode", "a recovery restores an existing backup: the drill needs backup mode"
          + " 'latest' and the directory its backups are in");
    }
    if (body == null || body.pointInTime() == null) {
      throw ApiException.badField("pointInTime", "required: the ISO-8601 instant to go back to, e.g. "
          + "2026-11-30T14:00:00Z");
    }
    Instant pointInTime;
    try {
      pointInTime = Instant.parse(body.pointInTime());
    } catch (DateTimeParseException e) {
      throw ApiException.badField("pointInTime", "an ISO-8601 instant, e.g. 2026-11-30T14:00:00Z");
    }
    if (pointInTime.isAfter(clock.instant())) {
      throw ApiException.badField("pointInTime", "is in the future");
    }
    if (body.reason() == null || body.reason().isBlank() || body.reason().length() > 500) {
      throw ApiException.badField("reason", "required, at most 500 characters: why the database is recovered");
    }
    String workflowId = DrillWorkflow.recoveryWorkflowId(name);
    String by = access.identity();
    WorkflowOptions options = StartDescription.of("recovery of " + definition.target().database() + " (drill "
            + name + ") to " + pointInTime + ", asked by " + by)
        .with("Type", DrillWorkflow.RUN_TYPE + " (recovery mode)")
        .with("Drill", name)
        .with("Point in time", pointInTime.toString())
        .with("Asked by", by)
        .with("Reason", body.reason())
        .applyTo(WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.OPERATIONS)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setMemo(Map.of("type", DrillWorkflow.RUN_TYPE, "service", name)))
        .build();
    DrillRequest request = new DrillRequest(name, by, "api", null,
        new RecoveryRequest(pointInTime.toEpochMilli(), body.reason()));
    try {
      temporal.run(null, () -> WorkflowClient.start(client.newWorkflowStub(DrillWorkflow.class, options)::run, request));
    } catch (WorkflowExecutionAlreadyStarted running) {
      throw ApiException.conflict("A recovery of drill " + name + " is already running: approve, reject or cancel "
          + "it first", Map.of("workflowId", workflowId));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("drill", name);
    answer.put("workflowId", workflowId);
    answer.put("pointInTime", pointInTime);
    answer.put("requestedBy", by);
    answer.put("links", Map.of(
        "current", "/api/v1/drills/" + name + "/recoveries/current",
        "approve", "/api/v1/drills/" + name + "/recoveries/approve",
        "reject", "/api/v1/drills/" + name + "/recoveries/reject",
        "run", "/api/v1/runs/" + workflowId));
    return ResponseEntity.created(URI.create("/api/v1/runs/" + workflowId)).body(answer);
  }

  /** The running (or last) recovery's report so far: the evidence the approvers decide on. */
  @GetMapping("/current")
  @PreAuthorize("@access.can('drills.read')")
  DrillReport current(@PathVariable String name) {
    String workflowId = DrillWorkflow.recoveryWorkflowId(name);
    return temporal.call(workflowId, () -> client.newWorkflowStub(DrillWorkflow.class, workflowId).report());
  }

  /** 200 with the report, 403 for the requester themselves or a caller without the releaser's permission, 409. */
  @PostMapping("/approve")
  @PreAuthorize("@access.can('drills.recover')")
  DrillReport approve(@PathVariable String name, @RequestBody(required = false) JsonNode body) {
    return decide(name, "approveRecovery", "approve", body);
  }

  @PostMapping("/reject")
  @PreAuthorize("@access.can('drills.recover')")
  DrillReport reject(@PathVariable String name, @RequestBody(required = false) JsonNode body) {
    return decide(name, "rejectRecovery", "reject", body);
  }

  private DrillReport decide(String name, String update, String label, JsonNode body) {
    String reason = body != null && body.hasNonNull("reason") ? body.get("reason").asString() : null;
    if (reason != null && reason.length() > 500) {
      throw ApiException.badField("reason", "at most 500 characters");
    }
    RecoveryDecision decision = new RecoveryDecision(access.identity(), reason, access.can(PERMISSION));
    return decisions.decide(DrillWorkflow.recoveryWorkflowId(name), update, label, DrillReport.class, decision);
  }
}
