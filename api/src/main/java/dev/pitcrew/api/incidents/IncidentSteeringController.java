package dev.pitcrew.api.incidents;

import dev.pitcrew.api.incidents.SteeringRequests.AcknowledgeRequest;
import dev.pitcrew.api.incidents.SteeringRequests.EscalateRequest;
import dev.pitcrew.api.incidents.SteeringRequests.NoteRequest;
import dev.pitcrew.api.incidents.SteeringRequests.ResolveRequest;
import dev.pitcrew.api.incidents.SteeringRequests.SeverityRequest;
import dev.pitcrew.api.incidents.SteeringRequests.StakeholderUpdateRequest;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.ActorField;
import dev.pitcrew.workflows.incident.Acknowledge;
import dev.pitcrew.workflows.incident.ChangeSeverity;
import dev.pitcrew.workflows.incident.Escalate;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Note;
import dev.pitcrew.workflows.incident.Resolve;
import dev.pitcrew.workflows.incident.StakeholderUpdate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * People steering a live incident over the API. Each endpoint validates its body, then goes through
 * {@link IncidentCommands} (404 unknown incident, 409 once its workflow has ended). Decisions (acknowledge,
 * escalate, resolve, severity) are Workflow Updates: 200 with the incident as it stands once applied, or 409 with
 * the workflow's reason (already acknowledged, already resolved, the severity it has). Notes and stakeholder updates
 * are facts the workflow always takes: 202.
 */
@RestController
@RequestMapping("/api/v1/incidents/{incidentId}")
class IncidentSteeringController {
  private static final String SOURCE = IncidentController.SOURCE;

  private final RequestReader reader;
  private final IncidentCommands commands;

  IncidentSteeringController(RequestReader reader, IncidentCommands commands) {
    this.reader = reader;
    this.commands = commands;
  }

  @PostMapping("/notes")
  @PreAuthorize("@access.can('incident.note')")
  @ActorField("by")
  ResponseEntity<Map<String, Object>> note(@PathVariable String incidentId, @RequestBody JsonNode body) {
    NoteRequest request = reader.read(body, NoteRequest.class, "");
    commands.note(incidentId, new Note(request.by(), SOURCE, request.text()));
    return accepted(incidentId, IncidentWorkflow.NOTE_SIGNAL);
  }

  @PostMapping("/acknowledge")
  @PreAuthorize("@access.can('incident.ack')")
  @ActorField("by")
  ResponseEntity<Map<String, Object>> acknowledge(@PathVariable String incidentId, @RequestBody JsonNode body) {
    AcknowledgeRequest request = reader.read(body, AcknowledgeRequest.class, "");
    return decided(IncidentWorkflow.ACKNOWLEDGE, commands.acknowledge(incidentId, new Acknowledge(request.by(), SOURCE)));
  }

  @PostMapping("/escalate")
  @PreAuthorize("@access.can('incident.escalate')")
  @ActorField("by")
  ResponseEntity<Map<String, Object>> escalate(@PathVariable String incidentId, @RequestBody JsonNode body) {
    EscalateRequest request = reader.read(body, EscalateRequest.class, "");
    return decided(IncidentWorkflow.ESCALATE,
        commands.escalate(incidentId, new Escalate(request.by(), SOURCE, request.reason())));
  }

  @PostMapping("/resolve")
  @PreAuthorize("@access.can('incident.resolve')")
  @ActorField("by")
  ResponseEntity<Map<String, Object>> resolve(@PathVariable String incidentId, @RequestBody JsonNode body) {
    ResolveRequest request = reader.read(body, ResolveRequest.class, "");
    return decided(IncidentWorkflow.RESOLVE,
        commands.resolve(incidentId, new Resolve(request.by(), SOURCE, request.summary(), request.followUps())));
  }

  @PostMapping("/severity")
  @PreAuthorize("@access.can('incident.severity')")
  @ActorField("by")
  ResponseEntity<Map<String, Object>> severity(@PathVariable String incidentId, @RequestBody JsonNode body) {
    SeverityRequest request = reader.read(body, SeverityRequest.class, "");
    return decided(IncidentWorkflow.CHANGE_SEVERITY, commands.changeSeverity(incidentId,
        new ChangeSeverity(request.by(), SOURCE, SeverityNames.parse(request.severity()), request.reason())));
  }

  @PostMapping("/stakeholder-updates")
  @PreAuthorize("@access.can('incident.note')")
  @ActorField("by")
  ResponseEntity<Map<String, Object>> stakeholderUpdate(
      @PathVariable String incidentId, @RequestBody JsonNode body) {
    StakeholderUpdateRequest request = reader.read(body, StakeholderUpdateRequest.class, "");
    commands.stakeholderUpdate(incidentId, new StakeholderUpdate(request.by(), SOURCE, request.text()));
    return accepted(incidentId, IncidentWorkflow.STAKEHOLDER_UPDATE_SIGNAL);
  }

  /** 200: the decision was applied; the answer is the incident as it stands after it. */
  private static ResponseEntity<Map<String, Object>> decided(String decision, IncidentStatus status) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("incidentId", status.incidentId());
    answer.put("decision", decision);
    answer.put("applied", true);
    answer.put("state", status.state());
    answer.put("severity", status.severity());
    answer.put("acknowledgedBy", status.acknowledgedBy());
    answer.put("resolvedBy", status.resolvedBy());
    answer.put("escalationLevel", status.escalation() == null ? null : status.escalation().level());
    answer.put("links", IncidentView.links(status.incidentId()));
    return ResponseEntity.ok(answer);
  }

  private static ResponseEntity<Map<String, Object>> accepted(String incidentId, String signal) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("incidentId", incidentId);
    answer.put("accepted", signal);
    answer.put("links", IncidentView.links(incidentId));
    return ResponseEntity.accepted().body(answer);
  }
}
