package dev.pitcrew.api.security.accounts;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.security.RoleCatalog;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating a local account, for the REST API and the console's Settings page alike: known roles only (400 naming
 * the field), unique username and email (409), a generated password when none is given (answered once). The first
 * login enrols TOTP.
 */
@Service
class AccountCreation {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LocalAccounts accounts;
  private final PasswordEncoder passwords;
  private final RoleCatalog roles;

  AccountCreation(LocalAccounts accounts, PasswordEncoder passwords, RoleCatalog roles) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.roles = roles;
  }

  /** The new account, and its password if it was generated (null when the request gave one). */
  record Created(LocalAccount account, String generatedPassword) {}

  @Transactional
  Created create(UserRequest request, String by) {
    List<String> wanted = request.roles() == null ? List.of() : request.roles();
    Set<String> known = roles.roles().keySet();
    List<FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      if (!known.contains(wanted.get(i))) {
        problems.add(new FieldProblem("roles[" + i + "]", "'" + wanted.get(i) + "' is not a role; one of " + known));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(problems.getFirst().field() + ": " + problems.getFirst().message(), problems);
    }
    if (accounts.byUsername(request.username()).isPresent()
        || (request.email() != null && accounts.byIdentity(request.email()).isPresent())) {
      throw ApiException.conflict("A local account with this username or email exists", Map.of());
    }
    String password = request.password() != null ? request.password() : generatedPassword();
    long id = accounts.create(request.username(), blankToNull(request.email()), request.displayName(),
        passwords.encode(password), by);
    LocalAccount account = accounts.byId(id).orElseThrow();
    accounts.grantRoles(account.identity(), wanted, by);
    return new Created(account, request.password() == null ? password : null);
  }

  private static String generatedPassword() {
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
