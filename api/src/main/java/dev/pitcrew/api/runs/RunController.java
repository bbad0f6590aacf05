package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.InstantParameter;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.api.security.ActorStamp;
import dev.pitcrew.workflows.run.RunStatus;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** The generic run API shared by every workflow family. */
@RestController
@RequestMapping("/api/v1/runs")
class RunController {
  private static final int MAX_PAGE_SIZE = 200;

  private final RunLauncher launcher;
  private final RunIndexQueries index;
  private final RunInspector inspector;
  private final RunSignals signals;
  private final RunTypes runTypes;
  private final RequestReader reader;
  private final Access access;
  private final ActorStamp actor;

  RunController(
      RunLauncher launcher, RunIndexQueries index, RunInspector inspector, RunSignals signals, RunTypes runTypes,
      RequestReader reader, Access access, ActorStamp actor) {
    this.reader = reader;
    this.access = access;
    this.actor = actor;
    this.launcher = launcher;
    this.index = index;
    this.inspector = inspector;
    this.signals = signals;
    this.runTypes = runTypes;
  }

  @PostMapping
  @PreAuthorize("isAuthenticated()")
  ResponseEntity<Map<String, Object>> start(
      @RequestBody(required = false) JsonNode requestBody,
      @RequestHeader(name = "Idempotency-Key", required = false) String keyHeader) {
    // Read like every other API body (unknown top-level fields refused), not bound by Spring's lenient default.
    StartRunRequest request = reader.read(requestBody, StartRunRequest.class, "");
    if (keyHeader != null && request.idempotencyKey() != null && !keyHeader.equals(request.idempotencyKey())) {
      throw ApiException.badField("idempotencyKey", "differs from the Idempotency-Key header");
    }
    String key = keyHeader != null ? keyHeader : request.idempotencyKey();
    StartedRun run = launcher.startAuthorized(request.type(), stamped(request), key, access::require);
    Map<String, Object> body =
        Map.of(
            "workflowId", run.workflowId(),
            "type", run.type(),
            "created", run.created(),
            "links", Map.of("self", "/api/v1/runs/" + run.workflowId(),
                "timeline", "/api/v1/runs/" + run.workflowId() + "/timeline"));
    return run.created()
        ? ResponseEntity.created(URI.create("/api/v1/runs/" + run.workflowId())).body(body)
        : ResponseEntity.ok(body);
  }

  @GetMapping
  @PreAuthorize("@access.can('read')")
  RunPage list(
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    if (type != null && !runTypes.listable(type)) {
      throw ApiException.badField("type", "unknown run type '" + type + "'; one of " + runTypes.listableNames());
    }
    if (page < 0) {
      throw ApiException.badField("page", "must be 0 or more");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.badField("size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    RunFilter filter = new RunFilter(type, status(status), InstantParameter.parse("from", from), InstantParameter.parse("to", to), page, size);
    List<RunSummary> rows = index.list(filter);
    boolean more = rows.size() > size;
    String next =
        more
            ? UriComponentsBuilder.fromPath("/api/v1/runs")
                .queryParamIfPresent("type", java.util.Optional.ofNullable(type))
                .queryParamIfPresent("status", java.util.Optional.ofNullable(filter.status()))
                .queryParamIfPresent("from", java.util.Optional.ofNullable(from))
                .queryParamIfPresent("to", java.util.Optional.ofNullable(to))
                .queryParam("page", page + 1)
                .queryParam("size", size)
                .build()
                .toUriString()
            : null;
    return new RunPage(more ? rows.subList(0, size) : rows, page, size, next);
  }

  @GetMapping("/{workflowId}")
  @PreAuthorize("@access.can('read')")
  RunDetails get(@PathVariable String workflowId) {
    return inspector.details(workflowId);
  }

  @GetMapping("/{workflowId}/timeline")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> timeline(@PathVariable String workflowId) {
    return Map.of("workflowId", workflowId, "events", inspector.timeline(workflowId));
  }

  @PostMapping("/{workflowId}/signals/{signal}")
  @PreAuthorize("@access.can('runs.signal')")
  ResponseEntity<Map<String, Object>> signal(
      @PathVariable String workflowId,
      @PathVariable String signal,
      @RequestBody(required = false) JsonNode body) {
    signals.sendAsCaller(workflowId, signal, body, actor);
    return ResponseEntity.accepted().body(Map.of("workflowId", workflowId, "signal", signal, "accepted", true));
  }

  @PostMapping("/{workflowId}/cancel")
  @PreAuthorize("@access.can('runs.cancel')")
  ResponseEntity<Map<String, Object>> cancel(@PathVariable String workflowId) {
    inspector.cancel(workflowId);
    return ResponseEntity.accepted().body(Map.of("workflowId", workflowId, "cancelRequested", true));
  }

  /** The start request's input with its actor field (if its type has one) decided by the caller. */
  private JsonNode stamped(StartRunRequest request) {
    if (request.type() != null && runTypes.exists(request.type())) {
      String field = runTypes.named(request.type()).actorField();
      if (field != null) {
        actor.stamp(request.input(), field);
      }
    }
    return request.input();
  }

  private static String status(String status) {
    if (status == null) {
      return null;
    }
    String upper = status.toUpperCase(Locale.ROOT);
    if (Arrays.stream(RunStatus.values()).noneMatch(s -> s.name().equals(upper))) {
      throw ApiException.badField(
          "status", "unknown status '" + status + "'; one of " + Arrays.toString(RunStatus.values()));
    }
    return upper;
  }
}
