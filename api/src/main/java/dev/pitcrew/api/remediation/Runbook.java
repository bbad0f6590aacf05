package dev.pitcrew.api.remediation;

import dev.pitcrew.api.incidents.ServiceNames;
import dev.pitcrew.api.remediation.RunbookDocument.Target;
import dev.pitcrew.workflows.remediation.Paging;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.RiskLevel;
import dev.pitcrew.workflows.remediation.RunbookGuardrails;
import dev.pitcrew.workflows.remediation.RunbookPlan;
import dev.pitcrew.workflows.remediation.RunbookStep;
import dev.pitcrew.workflows.remediation.Verification;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A stored runbook version, ready to match alerts and to become a remediation's plan. */
record Runbook(
    String name, int version, RunbookDocument document, List<LabelMatcher> matchers, boolean dryRunSwitch) {
  static final long DEFAULT_VERIFY_SECONDS = 300;
  static final long DEFAULT_APPROVAL_SECONDS = 900;
  static final String DEFAULT_NAMESPACE = "default";

  static Runbook of(String name, int version, RunbookDocument document) {
    return new Runbook(name, version, document, document.matchers().stream().map(LabelMatcher::parse).toList(),
        false);
  }

  /** This version with the runbook's dry-run switch ({@code PUT /api/v1/runbooks/{name}/switches}) as it is now. */
  Runbook withDryRunSwitch(boolean on) {
    return new Runbook(name, version, document, matchers, on);
  }

  boolean matches(Map<String, String> labels) {
    return matchers.stream().allMatch(m -> m.matches(labels));
  }

  Paging paging() {
    return document.paging() == null ? Paging.PAGE_AFTER_FAILURE : document.paging();
  }

  /** Dry-run by its document or by its switch. */
  boolean dryRun() {
    return Boolean.TRUE.equals(document.dryRun()) || dryRunSwitch;
  }

  /** The target the labels name; empty when they lack a label the runbook needs (then it does not apply). */
  Optional<RemediationTarget> targetOf(Map<String, String> labels) {
    Target target = document.target();
    String service = ServiceNames.slugOf(labels.get(or(target.serviceLabel(), "service")));
    String namespace = labels.getOrDefault(or(target.namespaceLabel(), "namespace"),
        or(target.namespace(), DEFAULT_NAMESPACE));
    if (service == null) {
      return Optional.empty();
    }
    return switch (target.kind()) {
      case SERVICE -> Optional.of(new RemediationTarget(service, namespace, null, null));
      case POD -> Optional.ofNullable(labels.get(or(target.podLabel(), "pod")))
          .map(pod -> new RemediationTarget(service, namespace, pod, null));
      case NODE -> Optional.ofNullable(labels.get(or(target.nodeLabel(), "node")))
          .map(node -> new RemediationTarget(service, namespace, null, node));
    };
  }

  RunbookPlan plan() {
    RunbookDocument.Verify verify = document.verify();
    RunbookDocument.Guardrails limits = document.guardrails();
    return new RunbookPlan(
        name,
        version,
        document.steps().stream()
            .map(s -> new RunbookStep(s.name(), s.action(), s.risk() == null ? RiskLevel.LOW : s.risk(), s.params()))
            .toList(),
        new Verification(
            verify == null || verify.withinSeconds() == null ? DEFAULT_VERIFY_SECONDS : verify.withinSeconds(),
            verify == null ? null : verify.prometheusQuery(),
            verify == null ? null : verify.condition(),
            verify == null || verify.intervalSeconds() == null ? 15 : verify.intervalSeconds()),
        document.attempts() == null ? 1 : document.attempts(),
        paging(),
        document.approvalTimeoutSeconds() == null ? DEFAULT_APPROVAL_SECONDS : document.approvalTimeoutSeconds(),
        new RunbookGuardrails(
            limits == null || limits.maxPerTarget() == null ? 1 : limits.maxPerTarget(),
            limits == null || limits.windowSeconds() == null ? 3600 : limits.windowSeconds(),
            limits == null || limits.maxPodsPercent() == null ? 100 : limits.maxPodsPercent()),
        document.severity() == null ? "SEV3" : document.severity());
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
