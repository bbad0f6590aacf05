package dev.pitcrew.api.incidents;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.incidents.intake.*}: how arriving alerts are matched to incidents.
 *
 * @param dedupWindow how long after an incident is resolved a firing alert with the same dedup key still joins it
 *     (a flapping alert) instead of opening a new incident ({@code PITCREW_INCIDENTS_INTAKE_DEDUPWINDOW}, default
 *     30m), as long as its workflow still runs. While an incident is unresolved, alerts with its key always join it.
 */
@Validated
@ConfigurationProperties("pitcrew.incidents.intake")
public record IncidentIntakeProperties(@NotNull @DefaultValue("30m") Duration dedupWindow) {}
