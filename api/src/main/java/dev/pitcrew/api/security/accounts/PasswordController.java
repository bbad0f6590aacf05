package dev.pitcrew.api.security.accounts;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A local account changes its own password ({@code POST /api/v1/me/password}). */
@RestController
class PasswordController {
  private final LocalAccounts accounts;
  private final LocalLogin login;
  private final PasswordEncoder passwords;
  private final Access access;
  private final RequestReader reader;

  PasswordController(LocalAccounts accounts, LocalLogin login, PasswordEncoder passwords, Access access,
      RequestReader reader) {
    this.accounts = accounts;
    this.login = login;
    this.passwords = passwords;
    this.access = access;
    this.reader = reader;
  }

  @PostMapping("/api/v1/me/password")
  @PreAuthorize("isAuthenticated()")
  Map<String, Object> change(@RequestBody JsonNode body) {
    PasswordChange change = reader.read(body, PasswordChange.class, "");
    LocalAccount account = accounts.byIdentity(access.identity())
        .orElseThrow(() -> ApiException.badField("current", "you have no local account (you sign in through your "
            + "identity provider, or with an API token)"));
    // Through LocalLogin, so guessing the current password counts towards the lockout like the login page.
    if (login.checkPassword(account.username(), change.current()).isEmpty()) {
      throw ApiException.badField("current", "is not your current password (or the account is locked)");
    }
    accounts.setPassword(account.id(), passwords.encode(change.next()));
    return Map.of("username", account.username(), "passwordChanged", true);
  }
}
