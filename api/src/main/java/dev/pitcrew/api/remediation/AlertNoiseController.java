package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.workflows.remediation.RemediationIds;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * "Resolved as noise": a responder marks an alert (by fingerprint) or a remediation (by workflow ID) as noise, for
 * the alert-quality report's false-positive figure. Attributed to the caller; audited like every state change.
 */
@RestController
class AlertNoiseController {
  static final String PERMISSION = "alerts.noise";

  private final AlertNoise noise;
  private final RequestReader requests;
  private final Access access;

  AlertNoiseController(AlertNoise noise, RequestReader requests, Access access) {
    this.noise = noise;
    this.requests = requests;
    this.access = access;
  }

  record NoiseRequest(@Size(max = 2000) String reason) {}

  @PostMapping("/api/v1/alerts/{fingerprint}/noise")
  @PreAuthorize("@access.can('alerts.noise')")
  ResponseEntity<AlertNoise.Mark> markAlert(@PathVariable String fingerprint,
      @RequestBody(required = false) JsonNode body) {
    if (!fingerprint.matches("[A-Za-z0-9._:-]{1,128}")) {
      throw ApiException.badField("fingerprint", "must be an Alertmanager fingerprint (letters, digits, . _ : -)");
    }
    NoiseRequest request = read(body);
    AlertNoise.Mark mark = noise.markAlert(fingerprint, request.reason(), access.identity())
        .orElseThrow(() -> ApiException.notFound("No alert with fingerprint " + fingerprint + " was received"));
    return ResponseEntity.status(HttpStatus.CREATED).body(mark);
  }

  @PostMapping("/api/v1/remediations/{workflowId}/noise")
  @PreAuthorize("@access.can('alerts.noise')")
  ResponseEntity<AlertNoise.Mark> markRemediation(@PathVariable String workflowId,
      @RequestBody(required = false) JsonNode body) {
    if (!workflowId.startsWith(RemediationIds.PREFIX) || workflowId.length() > 200) {
      throw ApiException.badField("workflowId", "must be a remediation's ID (" + RemediationIds.PREFIX + "...)");
    }
    NoiseRequest request = read(body);
    AlertNoise.Mark mark = noise.markRemediation(workflowId, request.reason(), access.identity())
        .orElseThrow(() -> ApiException.notFound("No alert went to remediation " + workflowId));
    return ResponseEntity.status(HttpStatus.CREATED).body(mark);
  }

  private NoiseRequest read(JsonNode body) {
    return body == null ? new NoiseRequest(null) : requests.read(body, NoiseRequest.class, "");
  }
}
