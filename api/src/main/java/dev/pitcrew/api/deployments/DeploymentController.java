package dev.pitcrew.api.deployments;

import dev.pitcrew.activities.kubernetes.KubernetesTarget;
import dev.pitcrew.api.runs.RunLauncher;
import dev.pitcrew.api.runs.StartedRun;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.api.security.ActorField;
import dev.pitcrew.workflows.deploy.DecisionRecord;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Blue-green deployments: start one, read it, and approve, reject, abort or roll it back. Deployments are runs of
 * type {@code deployment}, so the run API lists, inspects and times them too.
 */
@RestController
@RequestMapping("/api/v1/deployments")
class DeploymentController {
  private final RunLauncher launcher;
  private final DeploymentInspector inspector;
  private final DeploymentDecisions decisions;
  private final KubernetesTarget kubernetes;
  private final Access access;

  DeploymentController(
      RunLauncher launcher, DeploymentInspector inspector, DeploymentDecisions decisions, KubernetesTarget kubernetes,
      Access access) {
    this.access = access;
    this.launcher = launcher;
    this.inspector = inspector;
    this.decisions = decisions;
    this.kubernetes = kubernetes;
  }

  @PostMapping
  @PreAuthorize("@access.can('deploy')")
  @ActorField("requestedBy")
  ResponseEntity<Map<String, Object>> start(
      @RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
    StartedRun run = launcher.startFromBody(DeploymentRunType.NAME, body, key, access::require);
    String self = "/api/v1/deployments/" + run.workflowId();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workflowId", run.workflowId());
    answer.put("created", run.created());
    answer.put("kubernetes", KubernetesTargetView.of(kubernetes));
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", self);
    links.put("approve", self + "/approve");
    links.put("run", "/api/v1/runs/" + run.workflowId());
    links.put("timeline", "/api/v1/runs/" + run.workflowId() + "/timeline");
    answer.put("links", links);
    return run.created() ? ResponseEntity.created(URI.create(self)).body(answer) : ResponseEntity.ok(answer);
  }

  @GetMapping("/{workflowId}")
  @PreAuthorize("@access.can('read')")
  DeploymentView get(@PathVariable String workflowId) {
    return inspector.view(workflowId);
  }

  /** {@code approve}, {@code reject}, {@code abort} or {@code rollback}, with {@code {by, reason}}. */
  @PostMapping("/{workflowId}/{decision:approve|reject|abort|rollback}")
  @PreAuthorize("@access.can(#decision)")
  @ActorField("by")
  ResponseEntity<Map<String, Object>> decide(
      @PathVariable String workflowId,
      @PathVariable String decision,
      @RequestBody(required = false) JsonNode body) {
    DecisionRecord outcome = decisions.send(workflowId, decision, body, access::require);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workflowId", workflowId);
    answer.put("decision", decision);
    answer.put("accepted", outcome.accepted());
    answer.put("by", outcome.by());
    answer.put("note", outcome.note());
    answer.put("at", Instant.ofEpochMilli(outcome.atMillis()).toString());
    answer.put("links", Map.of("self", "/api/v1/deployments/" + workflowId,
        "timeline", "/api/v1/runs/" + workflowId + "/timeline"));
    return ResponseEntity.ok(answer);
  }
}
