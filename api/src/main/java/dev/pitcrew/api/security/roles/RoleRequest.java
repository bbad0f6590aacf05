package dev.pitcrew.api.security.roles;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code PUT /api/v1/roles/{name}}: what a role allows ({@code deploy}, {@code incident.ack}, {@code *}) and in which
 * environments ({@code *} for all).
 */
record RoleRequest(
    @NotEmpty @Size(max = 100) List<@Pattern(regexp = "\\*|[a-z][a-z0-9.-]{0,99}",
        message = "must be a permission name such as deploy or incident.ack, or *") String> permissions,
    @NotNull @Size(max = 100) List<@Pattern(regexp = "\\*|[a-z0-9][a-z0-9-]{0,62}",
        message = "must be an environment name or *") String> environments,
    @Size(max = 500) String description) {}
