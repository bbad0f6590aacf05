package dev.pitcrew.activities.incident;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.incidents.*}: settings every incident starts from.
 *
 * @param archiveChannelAfter how long after resolution the incident channel is archived
 *     ({@code PITCREW_INCIDENTS_ARCHIVE_CHANNEL_AFTER}, default 24h)
 * @param continueAsNewAfterEvents history length at which a long incident continues as new (default 10000, well
 *     under Temporal's 50k limit)
 * @param policyCacheTtl how long a service's escalation policy, once read for a new incident, serves the next ones
 *     from memory ({@code PITCREW_INCIDENTS_POLICYCACHETTL}, default 10s; 0 reads it for every incident): a change
 *     made through another process reaches new incidents within this period
 */
@Validated
@ConfigurationProperties("pitcrew.incidents")
public record IncidentProperties(
    @NotNull @DefaultValue("24h") Duration archiveChannelAfter,
    @Min(500) @Max(40_000) @DefaultValue("10000") int continueAsNewAfterEvents,
    @NotNull @DefaultValue("10s") Duration policyCacheTtl) {}
