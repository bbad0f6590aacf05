package dev.pitcrew.api.security.accounts;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.api.security.RoleCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings → Users and roles: the local accounts and a form to create one ({@code users.admin}), through
 * {@link AccountCreation} like {@code POST /api/v1/users}, with the same validation: a refused field is shown at
 * the field. The generated password is shown once, as the API answers it once.
 */
@Controller
@ConsolePage
class UserPages {
  private final LocalAccounts accounts;
  private final AccountCreation creation;
  private final RoleCatalog roles;
  private final RequestReader reader;
  private final Access access;
  private final JsonMapper json;

  UserPages(LocalAccounts accounts, AccountCreation creation, RoleCatalog roles, RequestReader reader, Access access,
      JsonMapper json) {
    this.accounts = accounts;
    this.creation = creation;
    this.roles = roles;
    this.reader = reader;
    this.access = access;
    this.json = json;
  }

  /** One account as the page lists it: never a hash or a secret. */
  record Row(String username, String identity, String displayName, List<String> roles, boolean mfaEnrolled,
      boolean disabled) {}

  @GetMapping("/settings/users")
  @PreAuthorize("@access.can('users.admin')")
  String page(Model model) {
    fill(model);
    return "console/users";
  }

  @PostMapping("/settings/users")
  @PreAuthorize("@access.can('users.admin')")
  String create(@RequestParam(required = false) String username, @RequestParam(required = false) String email,
      @RequestParam(required = false) String displayName, @RequestParam(required = false) List<String> roles,
      Model model) {
    ObjectNode body = json.createObjectNode();
    body.put("username", username);
    body.put("email", email == null || email.isBlank() ? null : email.trim());
    body.put("displayName", displayName == null || displayName.isBlank() ? null : displayName.trim());
    var roleArray = body.putArray("roles");
    (roles == null ? List.<String>of() : roles).forEach(roleArray::add);
    try {
      AccountCreation.Created created = creation.create(reader.read(body, UserRequest.class, ""), access.identity());
      model.addAttribute("created", created.account().username());
      model.addAttribute("generatedPassword", created.generatedPassword());
    } catch (ApiException refused) {
      if (refused.status() != HttpStatus.BAD_REQUEST && refused.status() != HttpStatus.CONFLICT) {
        throw refused;
      }
      Map<String, String> errors = new LinkedHashMap<>();
      refused.fieldProblems().forEach(p -> errors.putIfAbsent(p.field().startsWith("roles") ? "roles" : p.field(),
          p.message()));
      model.addAttribute("errors", errors);
      model.addAttribute("refused", refused.getMessage());
      model.addAttribute("form", Map.of("username", username == null ? "" : username,
          "email", email == null ? "" : email, "displayName", displayName == null ? "" : displayName));
    }
    fill(model);
    return "console/users";
  }

  private void fill(Model model) {
    model.addAttribute("users", accounts.all().stream().map(a -> new Row(a.username(), a.identity(),
        a.displayName(), accounts.storedRoles(a.identity()), a.enrolled(), a.disabled())).toList());
    model.addAttribute("roleNames", roles.roles().keySet());
  }
}
