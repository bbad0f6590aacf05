package dev.pitcrew.api.remediation;

import dev.pitcrew.workflows.remediation.ActionType;
import dev.pitcrew.workflows.remediation.Paging;
import dev.pitcrew.workflows.remediation.RiskLevel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A runbook as people write it (JSON or YAML); see docs/remediation.md for every field. Read strictly through
 * {@code RequestReader}, then checked as a whole by {@link RunbookValidation}.
 */
record RunbookDocument(
    @Size(max = 1000) String description,
    @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 500) String> matchers,
    @NotNull @Valid Target target,
    @NotEmpty @Size(max = 10) List<@NotNull @Valid Step> steps,
    @Valid Verify verify,
    @Valid Guardrails guardrails,
    @Min(1) @Max(5) Integer attempts,
    Paging paging,
    @Min(10) @Max(86_400) Long approvalTimeoutSeconds,
    @Pattern(regexp = "SEV[1-4]", message = "must be SEV1, SEV2, SEV3 or SEV4") String severity,
    Boolean dryRun,
    @Pattern(regexp = "[A-Z0-9]{8,12}", message = "must be a Slack channel ID, e.g. C0123456789") String slackChannel) {

  /** What the remediation acts on, read from the alert's labels. */
  enum TargetKind {
    SERVICE,
    POD,
    NODE
  }

  /**
   * @param serviceLabel the label naming the service (default {@code service})
   * @param namespace a fixed namespace, when the alert carries none in {@code namespaceLabel}
   */
  record Target(
      @NotNull TargetKind kind,
      @Size(max = 100) String serviceLabel,
      @Size(max = 100) String namespaceLabel,
      @Size(max = 63) String namespace,
      @Size(max = 100) String podLabel,
      @Size(max = 100) String nodeLabel) {}

  record Step(
      @NotBlank @Size(max = 100) String name,
      @NotNull ActionType action,
      RiskLevel risk,
      @Size(max = 20) Map<String, @Size(max = 20_000) String> params) {}

  /** @param condition e.g. {@code result < 0.05}, the deployment analysis' condition language */
  record Verify(
      @Min(1) @Max(86_400) Long withinSeconds,
      @Size(max = 2000) String prometheusQuery,
      @Size(max = 200) String condition,
      @Min(1) @Max(3600) Long intervalSeconds) {}

  record Guardrails(
      @Min(1) @Max(1000) Integer maxPerTarget,
      @Min(1) @Max(604_800) Long windowSeconds,
      @Min(1) @Max(100) Integer maxPodsPercent) {}
}
