package dev.pitcrew.api.remediation;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.alerts.quality.*}: the goals the alert-quality report measures the window against (the studio's
 * requirements: under 5 % false positives, 80 % of the alerts that need a fix fixed by a runbook).
 *
 * @param falsePositiveGoal the highest acceptable share of alert episodes that were noise
 * @param autoResolveGoal the lowest acceptable share of episodes needing a fix that a runbook fixed
 */
@Validated
@ConfigurationProperties("pitcrew.alerts.quality")
public record AlertQualityProperties(
    @DefaultValue("0.05") @DecimalMin("0") @DecimalMax("1") double falsePositiveGoal,
    @DefaultValue("0.80") @DecimalMin("0") @DecimalMax("1") double autoResolveGoal) {}
