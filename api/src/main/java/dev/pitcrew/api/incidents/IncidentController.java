package dev.pitcrew.api.incidents;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.ActorField;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.Severity;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Declaring and reading incidents: {@code POST /api/v1/incidents}, the list, one incident's live status and its
 * timeline. A declaration enters through {@link IncidentIntake}, like every alert, so it opens or joins the
 * incident of its dedup key exactly as an alert with that key would.
 */
@RestController
@RequestMapping("/api/v1/incidents")
class IncidentController {
  static final String SOURCE = "api";
  private static final String IDEMPOTENCY_KEY = "[A-Za-z0-9._:-]{1,200}";

  private final RequestReader reader;
  private final IncidentIntake intake;
  private final IncidentTable table;
  private final IncidentInspector inspector;

  IncidentController(RequestReader reader, IncidentIntake intake, IncidentTable table, IncidentInspector inspector) {
    this.reader = reader;
    this.intake = intake;
    this.table = table;
    this.inspector = inspector;
  }

  /** 201 when the declaration opened an incident, 200 when it joined the live incident of its dedup key. */
  @PostMapping
  @PreAuthorize("@access.can('incident.declare')")
  @ActorField("by")
  ResponseEntity<Map<String, Object>> declare(
      @RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    if (idempotencyKey != null && !idempotencyKey.matches(IDEMPOTENCY_KEY)) {
      throw ApiException.badField("Idempotency-Key", "must be 1-200 letters, digits, '.', '_', ':' or '-'");
    }
    DeclareIncidentRequest request = reader.read(body, DeclareIncidentRequest.class, "");
    String dedupKey = dedupKey(request, idempotencyKey);
    String actor = request.actor();
    IntakeResult result = intake.raise(
        IncidentInput.open(dedupKey, request.service(), SeverityNames.parse(request.severity()), request.title(),
            request.description(), SOURCE, actor, request.commander()),
        new Alert(actor, SOURCE, dedupKey, AlertStatus.FIRING, request.title()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("incidentId", result.incidentId());
    answer.put("outcome", result.outcome().name());
    answer.put("dedupKey", dedupKey);
    answer.put("links", IncidentView.links(result.incidentId()));
    return result.outcome() == IntakeOutcome.OPENED
        ? ResponseEntity.created(URI.create("/api/v1/incidents/" + result.incidentId())).body(answer)
        : ResponseEntity.ok(answer);
  }

  /**
   * The body's key; else one derived from the Idempotency-Key, so a retried declaration joins the incident the
   * first one opened; else a fresh one, so each declaration is its own incident.
   */
  private static String dedupKey(DeclareIncidentRequest request, String idempotencyKey) {
    if (request.dedupKey() != null) {
      return request.dedupKey();
    }
    return "api:" + (idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString());
  }

  /**
   * Newest first, from the {@code incidents} table the workflows keep up to date (each item answered by
   * {@code incidents-table}, as {@code GET /{id}} is once the incident is recorded).
   */
  @GetMapping
  @PreAuthorize("@access.can('read')")
  Map<String, Object> list(
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String severity,
      @RequestParam(defaultValue = "50") int limit) {
    String stateName = state == null ? null : state.toUpperCase(Locale.ROOT);
    if (stateName != null && Arrays.stream(IncidentState.values()).noneMatch(s -> s.name().equals(stateName))) {
      throw ApiException.badField("state", "must be one of " + Arrays.toString(IncidentState.values()));
    }
    if (service != null && !ServiceNames.valid(service)) {
      throw ApiException.badField("service", ServiceNames.MESSAGE);
    }
    if (severity != null && !SeverityNames.valid(severity)) {
      throw ApiException.badField("severity", SeverityNames.MESSAGE);
    }
    if (limit < 1 || limit > 500) {
      throw ApiException.badField("limit", "must be between 1 and 500");
    }
    Severity severityValue = SeverityNames.parse(severity);
    var filter = new IncidentTable.Filter(stateName, service, severityValue == null ? null : severityValue.name());
    return Map.of("items", table.list(filter, limit).stream().map(row -> IncidentView.of(row, null)).toList());
  }

  @GetMapping("/{incidentId}")
  @PreAuthorize("@access.can('read')")
  IncidentView get(@PathVariable String incidentId) {
    return inspector.view(incidentId);
  }

  @GetMapping("/{incidentId}/timeline")
  @PreAuthorize("@access.can('read')")
  IncidentInspector.Timeline timeline(@PathVariable String incidentId) {
    return inspector.timeline(incidentId);
  }
}
