package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.api.incidents.ServiceNames;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.chatops.incident.*}.
 *
 * @param defaultService the service of an incident declared without {@code service:<name>}; its escalation policy
 *     (or the severity's default one) decides who is paged
 */
@Validated
@ConfigurationProperties("pitcrew.chatops.incident")
public record IncidentChatOpsProperties(
    @NotBlank @Pattern(regexp = ServiceNames.REGEX) @DefaultValue("unassigned") String defaultService) {}
