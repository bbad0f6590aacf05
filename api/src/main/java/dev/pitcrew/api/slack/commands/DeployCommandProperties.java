package dev.pitcrew.api.slack.commands;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.chatops.deploy.*}.
 *
 * @param defaultEnvironment where {@code /pitcrew deploy <service> <image-tag>} deploys when no environment is named
 */
@Validated
@ConfigurationProperties("pitcrew.chatops.deploy")
public record DeployCommandProperties(
    @NotBlank @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") @DefaultValue("staging")
        String defaultEnvironment) {}
