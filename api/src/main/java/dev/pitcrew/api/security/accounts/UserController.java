package dev.pitcrew.api.security.accounts;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Local accounts for admins ({@code users.admin}): create (a generated password is answered once), list, show,
 * disable, reset MFA (the next login enrols again) and unlock. Answers never carry a password hash, TOTP secret or
 * recovery code: {@link #view} names every field that leaves.
 */
@RestController
@RequestMapping("/api/v1/users")
class UserController {
  private final LocalAccounts accounts;
  private final RecoveryCodes recoveryCodes;
  private final AccountSessions sessions;
  private final AccountCreation creation;
  private final Access access;
  private final RequestReader reader;

  UserController(LocalAccounts accounts, RecoveryCodes recoveryCodes, AccountSessions sessions,
      AccountCreation creation, Access access, RequestReader reader) {
    this.accounts = accounts;
    this.recoveryCodes = recoveryCodes;
    this.sessions = sessions;
    this.creation = creation;
    this.access = access;
    this.reader = reader;
  }

  @PostMapping
  @PreAuthorize("@access.can('users.admin')")
  ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body) {
    AccountCreation.Created created = creation.create(reader.read(body, UserRequest.class, ""), access.identity());
    LocalAccount account = created.account();
    Map<String, Object> answer = new LinkedHashMap<>(view(account));
    if (created.generatedPassword() != null) {
      answer.put("password", created.generatedPassword());
      answer.put("note", "This generated password is shown only now. The first login enrols TOTP.");
    }
    return ResponseEntity.created(URI.create("/api/v1/users/" + account.username())).body(answer);
  }

  @GetMapping
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> list() {
    return Map.of("items", accounts.all().stream().map(this::view).toList());
  }

  @GetMapping("/{username}")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> get(@PathVariable String username) {
    return view(require(username));
  }

  /** Disables the account (kept, so its history still names a known person) and ends its sessions. */
  @DeleteMapping("/{username}")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> disable(@PathVariable String username) {
    LocalAccount account = require(username);
    accounts.disable(account.id());
    Map<String, Object> answer = new LinkedHashMap<>(view(require(username)));
    answer.put("sessionsEnded", sessions.endAll(account.identity()));
    return answer;
  }

  /** For a lost authenticator: clears TOTP and recovery codes; the next login enrols again. */
  @PostMapping("/{username}/reset-mfa")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> resetMfa(@PathVariable String username) {
    LocalAccount account = require(username);
    accounts.resetMfa(account.id());
    Map<String, Object> answer = new LinkedHashMap<>(view(require(username)));
    answer.put("sessionsEnded", sessions.endAll(account.identity()));
    return answer;
  }

  @PostMapping("/{username}/unlock")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> unlock(@PathVariable String username) {
    accounts.unlock(require(username).id());
    return view(require(username));
  }

  private LocalAccount require(String username) {
    return accounts.byUsername(username)
        .orElseThrow(() -> ApiException.notFound("No local account '" + username + "'"));
  }

  /** Everything an account answer may show: never a hash or a secret. */
  private Map<String, Object> view(LocalAccount account) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("username", account.username());
    view.put("identity", account.identity());
    view.put("email", account.email());
    view.put("displayName", account.displayName());
    view.put("roles", accounts.storedRoles(account.identity()));
    view.put("mfaEnrolled", account.enrolled());
    view.put("mfaEnrolledAt", account.totpEnrolledAt());
    view.put("recoveryCodesLeft", account.enrolled() ? recoveryCodes.remaining(account.id()) : null);
    view.put("locked", account.lockedAt(Instant.now()));
    view.put("lockedUntil", account.lockedAt(Instant.now()) ? account.lockedUntil() : null);
    view.put("disabled", account.disabled());
    view.put("createdAt", account.createdAt());
    view.put("createdBy", account.createdBy());
    return view;
  }
}
