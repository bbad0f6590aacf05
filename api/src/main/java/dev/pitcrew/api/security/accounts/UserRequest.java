package dev.pitcrew.api.security.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v1/users}: a local account.
 *
 * @param username what the person types at the login page
 * @param email their identity when set (else the username is); also what an OIDC login would name them
 * @param password at least 12 characters; left out → one is generated and answered once
 * @param roles Pitcrew roles to grant the account's identity
 */
record UserRequest(
    @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "letters, digits, '.', '_', '@' or '-'")
        String username,
    @Email @Size(max = 254) String email,
    @Size(max = 200) String displayName,
    @Size(min = 12, max = 200, message = "must be 12 to 200 characters") String password,
    @Size(max = 20) List<@NotBlank @Size(max = 100) String> roles) {}
