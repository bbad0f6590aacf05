package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.workflows.remediation.ApprovalOutcome;
import dev.pitcrew.workflows.remediation.RemediationResult;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Running remediations (status, timeline, approve or reject as a Workflow Update), the global kill switch and
 * maintenance windows.
 */
@RestController
class RemediationController {
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final RequestReader requests;
  private final RemediationSwitches switches;
  private final MaintenanceWindows windows;
  private final Access access;
  private final RemediationDecisions decisions;

  RemediationController(WorkflowClient client, TemporalCalls temporal, RequestReader requests,
      RemediationSwitches switches, MaintenanceWindows windows, Access access, RemediationDecisions decisions) {
    this.decisions = decisions;
    this.client = client;
    this.temporal = temporal;
    this.requests = requests;
    this.switches = switches;
    this.windows = windows;
    this.access = access;
  }

  @GetMapping("/api/v1/remediations/{workflowId}")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> get(@PathVariable String workflowId) {
    RemediationDecisions.checkId(workflowId);
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    var description = temporal.call(workflowId, stub::describe);
    RemediationWorkflow remediation = client.newWorkflowStub(RemediationWorkflow.class, workflowId);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workflowId", workflowId);
    WorkflowExecutionStatus status = description.getWorkflowExecutionInfo().getStatus();
    answer.put("status", status.name().replace("WORKFLOW_EXECUTION_STATUS_", ""));
    answer.put("phase", temporal.call(workflowId, remediation::phase));
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      answer.put("result", temporal.call(workflowId, () -> stub.getResult(RemediationResult.class)));
    } else if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      // A remediation that ended without its alert resolving holds its target open: its outcome is already final.
      RemediationResult ended = temporal.call(workflowId, remediation::result);
      if (ended != null) {
        answer.put("result", ended);
      }
    }
    answer.put("timeline", temporal.call(workflowId, remediation::timeline));
    return answer;
  }

  record DecisionRequest(@Size(max = 2000) String reason) {}

  @PostMapping("/api/v1/remediations/{workflowId}/{decision:approve|reject}")
  @PreAuthorize("@access.can('remediation.approve')")
  ApprovalOutcome decide(@PathVariable String workflowId, @PathVariable String decision,
      @RequestBody(required = false) JsonNode body) {
    RemediationDecisions.checkId(workflowId);
    DecisionRequest request = body == null ? new DecisionRequest(null) : requests.read(body, DecisionRequest.class, "");
    return decisions.decide(workflowId, "approve".equals(decision), request.reason());
  }

  record KillSwitchRequest(@NotNull Boolean engaged) {}

  /** The global kill switch: engaged, no remediation acts (each one escalates instead); released, they act again. */
  @PutMapping("/api/v1/remediation/kill-switch")
  @PreAuthorize("@access.can('remediation.steer')")
  Map<String, Object> killSwitch(@RequestBody JsonNode body) {
    KillSwitchRequest request = requests.read(body, KillSwitchRequest.class, "");
    RemediationSwitches.Switch now = switches.set(RemediationSwitches.GLOBAL, request.engaged(), null, access.identity());
    return Map.of("engaged", now.paused(), "changedBy", now.changedBy());
  }

  record WindowRequest(
      @NotBlank @Size(max = 63) String service, @NotNull Instant startsAt, @NotNull Instant endsAt,
      @NotBlank @Size(max = 500) String reason) {}

  /** A maintenance window or silence: no remediation of {@code service} ({@code *} for all) while it lasts. */
  @PostMapping("/api/v1/remediation/maintenance-windows")
  @PreAuthorize("@access.can('remediation.steer')")
  ResponseEntity<MaintenanceWindows.Window> addWindow(@RequestBody JsonNode body) {
    WindowRequest request = requests.read(body, WindowRequest.class, "");
    if (!request.endsAt().isAfter(request.startsAt())) {
      throw ApiException.badField("endsAt", "must be after startsAt");
    }
    if (!"*".equals(request.service()) && !dev.pitcrew.api.incidents.ServiceNames.valid(request.service())) {
      throw ApiException.badField("service", dev.pitcrew.api.incidents.ServiceNames.MESSAGE + ", or * for every service");
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(windows.add(request.service(), request.startsAt(),
        request.endsAt(), request.reason(), access.identity()));
  }

  @GetMapping("/api/v1/remediation/maintenance-windows")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> windows() {
    return Map.of("items", windows.current());
  }

  @DeleteMapping("/api/v1/remediation/maintenance-windows/{id}")
  @PreAuthorize("@access.can('remediation.steer')")
  ResponseEntity<Void> deleteWindow(@PathVariable String id) {
    if (!id.matches("[1-9][0-9]{0,17}")) {
      throw ApiException.badField("id", "must be a maintenance window's number");
    }
    if (!windows.delete(Long.parseLong(id))) {
      throw ApiException.notFound("No maintenance window " + id);
    }
    return ResponseEntity.noContent().build();
  }

}
