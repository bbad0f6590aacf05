package dev.pitcrew.api.drills;

import dev.pitcrew.activities.drill.DrillDefinitionStore;
import dev.pitcrew.activities.drill.DrillDefinitionStore.StoredDrill;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.runs.RunInspector;
import dev.pitcrew.api.runs.RunLauncher;
import dev.pitcrew.api.runs.StartedRun;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillScheduleView;
import dev.pitcrew.workflows.drill.DrillScheduleWorkflow;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backup and restore drills: define them ({@code PUT/GET/DELETE /api/v1/drills/{name}}), run and cancel them, and
 * read their reports with the RTO/RPO trend. Drill runs are runs of type {@code drill}, so the run API lists and
 * times them too. See docs/drills.md.
 */
@RestController
@RequestMapping("/api/v1/drills")
class DrillController {
  private final DrillDefinitionStore definitions;
  private final DrillRuns runs;
  private final RequestReader reader;
  private final RunLauncher launcher;
  private final RunInspector inspector;
  private final DrillSchedules schedules;
  private final Access access;

  DrillController(DrillDefinitionStore definitions, DrillRuns runs, RequestReader reader, RunLauncher launcher,
      RunInspector inspector, DrillSchedules schedules, Access access) {
    this.schedules = schedules;
    this.definitions = definitions;
    this.runs = runs;
    this.reader = reader;
    this.launcher = launcher;
    this.inspector = inspector;
    this.access = access;
  }

  @GetMapping
  @PreAuthorize("@access.can('drills.read')")
  Map<String, Object> list() {
    return Map.of("items", definitions.list().stream().map(DrillController::view).toList());
  }

  @GetMapping("/{name}")
  @PreAuthorize("@access.can('drills.read')")
  Map<String, Object> get(@PathVariable String name) {
    return view(require(name));
  }

  @PutMapping("/{name}")
  @PreAuthorize("@access.can('drills.manage')")
  ResponseEntity<Map<String, Object>> put(@PathVariable String name, @RequestBody JsonNode body) {
    if (!DrillDefinition.NAME.matcher(name).matches()) {
      throw ApiException.badField("name", "must be 1-40 lower-case letters, digits or '-', starting with a letter");
    }
    if (body != null && body.isObject() && body.has("name") && !name.equals(body.get("name").asString())) {
      throw ApiException.badField("name", "differs from the name in the path; leave it out of the body");
    }
    ObjectNode named = body != null && body.isObject() ? ((ObjectNode) body).deepCopy() : null;
    if (named != null) {
      named.put("name", name);
    }
    DrillDefinition definition = reader.read(named, DrillDefinition.class, "");
    List<String> problems = definition.problems();
    if (!problems.isEmpty()) {
      List<FieldProblem> fields = problems.stream().map(p -> {
        int colon = p.indexOf(": ");
        return new FieldProblem(p.substring(0, colon), p.substring(colon + 2));
      }).toList();
      throw ApiException.badRequest(
          fields.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")), fields);
    }
    boolean created = definitions.save(definition, access.identity());
    schedules.apply(name, definition.schedule());
    Map<String, Object> saved = view(require(name));
    return created
        ? ResponseEntity.created(URI.create("/api/v1/drills/" + name)).body(saved)
        : ResponseEntity.ok(saved);
  }

  @DeleteMapping("/{name}")
  @PreAuthorize("@access.can('drills.manage')")
  ResponseEntity<Void> delete(@PathVariable String name) {
    if (!definitions.delete(name)) {
      throw ApiException.notFound("There is no drill named '" + name + "'");
    }
    schedules.stop(name);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{name}/runs")
  @PreAuthorize("@access.can('drills.run')")
  ResponseEntity<Map<String, Object>> start(
      @PathVariable String name, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
    require(name);
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("drill", name);
    request.put("requestedBy", access.identity());
    StartedRun run = launcher.startFromBody(DrillRunType.NAME, request, key, access::require);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("drill", name);
    answer.put("workflowId", run.workflowId());
    answer.put("created", run.created());
    answer.put("links", Map.of(
        "run", "/api/v1/runs/" + run.workflowId(),
        "timeline", "/api/v1/runs/" + run.workflowId() + "/timeline",
        "cancel", "/api/v1/drills/" + name + "/runs/cancel",
        "reports", "/api/v1/drills/" + name + "/runs"));
    return run.created()
        ? ResponseEntity.created(URI.create("/api/v1/runs/" + run.workflowId())).body(answer)
        : ResponseEntity.ok(answer);
  }

  /** Cancels the drill's running run; it cleans up (drops its scratch database) before it ends. */
  @PostMapping("/{name}/runs/cancel")
  @PreAuthorize("@access.can('drills.run')")
  ResponseEntity<Map<String, Object>> cancel(@PathVariable String name) {
    String workflowId = DrillWorkflow.workflowId(name);
    inspector.cancel(workflowId);
    return ResponseEntity.accepted().body(Map.of("drill", name, "workflowId", workflowId, "cancelRequested", true));
  }

  /**
   * The drill's schedule: its cron, whether it is paused, the next five runs (without jitter) and what the last
   * firing did. The schedule is a run of its own ({@code drill-schedule-<name>}, type {@code drill-schedule}).
   */
  @GetMapping("/{name}/schedule")
  @PreAuthorize("@access.can('drills.read')")
  Map<String, Object> schedule(@PathVariable String name) {
    requireScheduled(name);
    return scheduleView(schedules.view(name));
  }

  /** Pause, resume or fire now, as a Workflow Update: 200 with the schedule, or 409 naming why not. */
  @PostMapping("/{name}/schedule/{action:pause|resume|trigger}")
  @PreAuthorize("@access.can('drills.run')")
  Map<String, Object> changeSchedule(@PathVariable String name, @PathVariable String action) {
    requireScheduled(name);
    return scheduleView(schedules.change(name, action, access.identity()));
  }

  @GetMapping("/{name}/runs")
  @PreAuthorize("@access.can('drills.read')")
  Map<String, Object> history(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
    if (limit < 1 || limit > 200) {
      throw ApiException.badField("limit", "between 1 and 200");
    }
    return runs.history(name, limit);
  }

  @GetMapping("/{name}/runs/{runId}")
  @PreAuthorize("@access.can('drills.read')")
  JsonNode report(@PathVariable String name, @PathVariable String runId) {
    return runs.report(name, runId).orElseThrow(() -> ApiException.notFound(
        "Drill " + name + " has no stored report of run " + runId + " (a run stores it when it ends)"));
  }

  private void requireScheduled(String name) {
    if (require(name).definition().schedule() == null) {
      throw ApiException.notFound("Drill " + name + " has no schedule; add one with PUT /api/v1/drills/" + name);
    }
  }

  private static Map<String, Object> scheduleView(DrillScheduleView view) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("drill", view.drill());
    answer.put("schedule", view.schedule());
    answer.put("paused", view.paused());
    answer.put("nextRuns", view.nextRunsMillis().stream().map(Instant::ofEpochMilli).toList());
    answer.put("fired", view.fired());
    answer.put("skipped", view.skipped());
    answer.put("lastFiredAt", view.lastFiredAtMillis() == null ? null : Instant.ofEpochMilli(view.lastFiredAtMillis()));
    answer.put("lastOutcome", view.lastOutcome());
    answer.put("workflowId", DrillScheduleWorkflow.workflowId(view.drill()));
    answer.put("links", Map.of("run", "/api/v1/runs/" + DrillScheduleWorkflow.workflowId(view.drill()),
        "reports", "/api/v1/drills/" + view.drill() + "/runs"));
    return answer;
  }

  private StoredDrill require(String name) {
    return definitions.find(name).orElseThrow(() -> ApiException.notFound("There is no drill named '" + name + "'"));
  }

  private static Map<String, Object> view(StoredDrill stored) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", stored.definition().name());
    view.put("definition", stored.definition());
    view.put("updatedBy", stored.updatedBy());
    view.put("createdAt", stored.createdAt());
    view.put("updatedAt", stored.updatedAt());
    String self = "/api/v1/drills/" + stored.definition().name();
    view.put("links", stored.definition().schedule() == null ? Map.of("runs", self + "/runs")
        : Map.of("runs", self + "/runs", "schedule", self + "/schedule"));
    return view;
  }
}
