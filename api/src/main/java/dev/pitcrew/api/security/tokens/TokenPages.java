package dev.pitcrew.api.security.tokens;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings → API tokens: your tokens (everyone's for admins), a form to issue one and a button to revoke one,
 * through {@link TokenIssuing} like {@code /api/v1/tokens}, with its validation shown at the field. The secret is
 * shown once, on the page that issued it, as the API answers it once.
 */
@Controller
@ConsolePage
class TokenPages {
  private final TokenIssuing issuing;
  private final RequestReader reader;
  private final Access access;
  private final JsonMapper json;

  TokenPages(TokenIssuing issuing, RequestReader reader, Access access, JsonMapper json) {
    this.issuing = issuing;
    this.reader = reader;
    this.access = access;
    this.json = json;
  }

  @GetMapping("/settings/tokens")
  @PreAuthorize("@access.can('tokens.own')")
  String page(Model model) {
    fill(model);
    return "console/tokens";
  }

  @PostMapping("/settings/tokens")
  @PreAuthorize("@access.can('tokens.own')")
  String issue(@RequestParam(required = false) String name, @RequestParam(required = false) String kind,
      @RequestParam(required = false) List<String> roles, @RequestParam(required = false) String expiresInDays,
      Model model, HttpServletResponse response) {
    ObjectNode body = json.createObjectNode();
    body.put("name", name == null ? null : name.trim());
    body.put("kind", kind == null || kind.isBlank() ? null : kind);
    var roleArray = body.putArray("roles");
    (roles == null ? List.<String>of() : roles).forEach(roleArray::add);
    Map<String, String> errors = new LinkedHashMap<>();
    String days = expiresInDays == null || expiresInDays.isBlank() ? "90" : expiresInDays.trim();
    boolean wholeDays = days.matches("[0-9]{1,3}") && Integer.parseInt(days) >= 1 && Integer.parseInt(days) <= 366;
    if (!wholeDays) {
      errors.put("expiresIn", "must be a whole number of days from 1 to 366");
    }
    body.put("expiresIn", "P" + (wholeDays ? Integer.parseInt(days) : 90) + "D");
    if (roles == null || roles.isEmpty()) {
      errors.put("roles", "choose at least one role");
    }
    try {
      // Read (and so validated) even when a field is already refused, so every refused field is named at once.
      TokenRequest request = reader.read(body, TokenRequest.class, "");
      if (errors.isEmpty()) {
        ApiTokens.Issued issued = issuing.issue(request);
        model.addAttribute("issued", issued.token());
        model.addAttribute("secret", issued.secret());
      }
    } catch (ApiException refused) {
      if (refused.status() != HttpStatus.BAD_REQUEST) {
        throw refused;
      }
      refused.fieldProblems().forEach(p -> errors.putIfAbsent(p.field().startsWith("roles") ? "roles" : p.field(),
          p.message()));
      if (errors.isEmpty()) {
        model.addAttribute("refused", refused.getMessage());
      }
    }
    if (!errors.isEmpty() || model.containsAttribute("refused")) {
      // The audit log records the refused attempt as REJECTED (400), with what was typed kept in the form.
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute("errors", errors);
      model.addAttribute("form", Map.of("name", name == null ? "" : name, "expiresInDays", days,
          "roles", roles == null ? List.of() : roles));
    }
    fill(model);
    return "console/tokens";
  }

  @PostMapping("/settings/tokens/{id}/revoke")
  @PreAuthorize("@access.can('tokens.own')")
  String revoke(@PathVariable String id, Model model) {
    TokenIssuing.Revoked revoked = issuing.revoke(id);
    model.addAttribute("revoked", revoked.token().name() + (revoked.revokedNow() ? " is revoked" : " was already revoked"));
    fill(model);
    return "console/tokens";
  }

  private void fill(Model model) {
    boolean admin = access.can("users.admin");
    model.addAttribute("tokens", issuing.list(admin));
    model.addAttribute("roleNames", issuing.held(access.caller()));
    model.addAttribute("mayIssueServiceTokens", admin);
    if (!model.containsAttribute("errors")) {
      model.addAttribute("errors", Map.of());
    }
  }
}
