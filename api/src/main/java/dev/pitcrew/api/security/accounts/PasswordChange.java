package dev.pitcrew.api.security.accounts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/me/password}: the current password proves it is the person, not just their session. */
record PasswordChange(
    @NotNull @NotBlank String current,
    @NotNull @Size(min = 12, max = 200, message = "must be 12 to 200 characters") String next) {}
