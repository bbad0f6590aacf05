package dev.pitcrew.api.incidents;

import dev.pitcrew.activities.incident.EscalationPolicyRepository;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.workflows.incident.EscalationPolicy;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Per-service escalation policies. An incident reads its service's policy once, when it opens, and keeps it: a
 * change applies to incidents opened afterwards, never to open ones (whose ladder is already under way).
 */
@RestController
@RequestMapping("/api/v1/escalation-policies")
class EscalationPolicyController {
  static final String ACTOR_HEADER = "X-Pitcrew-Actor";
  static final String APPLIES_TO =
      "incidents of this service opened from now on; open incidents keep the policy they opened with";

  private final EscalationPolicyRepository policies;
  private final RequestReader reader;
  private final Access access;

  EscalationPolicyController(EscalationPolicyRepository policies, RequestReader reader, Access access) {
    this.policies = policies;
    this.reader = reader;
    this.access = access;
  }

  @GetMapping
  @PreAuthorize("@access.can('read')")
  Map<String, Object> list() {
    return Map.of("items", policies.findAll());
  }

  @GetMapping("/{service}")
  @PreAuthorize("@access.can('read')")
  EscalationPolicy get(@PathVariable String service) {
    checkService(service);
    return policies.find(service).orElseThrow(() -> noPolicy(service));
  }

  /** 201 when the service had no policy, 200 when its policy was replaced. */
  @PutMapping("/{service}")
  @PreAuthorize("@access.can('policies.write')")
  ResponseEntity<Map<String, Object>> put(
      @PathVariable String service,
      @RequestBody JsonNode body,
      @RequestHeader(name = ACTOR_HEADER, required = false) String actor) {
    checkService(service);
    String updatedBy = access.identity();
    if (actor != null && !actor.equalsIgnoreCase(updatedBy)) {
      throw ApiException.badField(ACTOR_HEADER, "is decided by your credentials (" + updatedBy + "): leave it out");
    }
    EscalationPolicy policy = reader.read(body, EscalationPolicyRequest.class, "").toPolicy(service);
    boolean created = policies.find(service).isEmpty();
    policies.save(policy, updatedBy);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("policy", policy);
    answer.put("updatedBy", updatedBy);
    answer.put("appliesTo", APPLIES_TO);
    return created
        ? ResponseEntity.created(URI.create("/api/v1/escalation-policies/" + service)).body(answer)
        : ResponseEntity.ok(answer);
  }

  /** 204; incidents opened afterwards use their severity's default policy. */
  @DeleteMapping("/{service}")
  @PreAuthorize("@access.can('policies.write')")
  ResponseEntity<Void> delete(@PathVariable String service) {
    checkService(service);
    if (!policies.delete(service)) {
      throw noPolicy(service);
    }
    return ResponseEntity.noContent().build();
  }

  private static void checkService(String service) {
    if (!ServiceNames.valid(service)) {
      throw ApiException.badField("service", ServiceNames.MESSAGE);
    }
  }

  private static ApiException noPolicy(String service) {
    return ApiException.notFound("Service '" + service + "' has no escalation policy; its incidents use their "
        + "severity's default policy");
  }
}
