package dev.pitcrew.activities.remediation;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.remediation.*}: the global guardrails of auto-remediation.
 *
 * @param maxConcurrent at most this many remediations act at once, across all runbooks and targets
 * @param logTailLines how many log lines of the target pod enrichment posts to the timeline
 * @param recentDeployments how far back enrichment looks for deployments of the target's service
 */
@Validated
@ConfigurationProperties("pitcrew.remediation")
public record RemediationProperties(
    @DefaultValue("10") @Min(1) int maxConcurrent,
    @DefaultValue("20") @Min(0) int logTailLines,
    @DefaultValue("2h") Duration recentDeployments) {}
