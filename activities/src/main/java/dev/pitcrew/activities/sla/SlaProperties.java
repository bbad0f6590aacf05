package dev.pitcrew.activities.sla;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultQueue queue for tickets no routing rule matches
 * @param mailFrom sender address of acknowledgement and warning emails
 */
@Validated
@ConfigurationProperties("pitcrew.sla")
public record SlaProperties(
    @NotBlank @DefaultValue("support") String defaultQueue,
    @NotBlank @DefaultValue("pitcrew@localhost") String mailFrom) {}
