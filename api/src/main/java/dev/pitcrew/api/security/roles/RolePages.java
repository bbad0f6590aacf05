package dev.pitcrew.api.security.roles;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.FieldErrors;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.security.RoleCatalog;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
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
 * Settings → Roles ({@code users.admin}, as {@code /api/v1/roles}): every role in force with what it allows, where,
 * where it comes from and who has it, and a form to create a role or override one, checked and stored by
 * {@link RoleWriting} exactly as {@code PUT /api/v1/roles/{name}} is, each refused field shown at its input.
 */
@Controller
@ConsolePage
class RolePages {
  private final RoleCatalog catalog;
  private final RoleStore store;
  private final RoleWriting writing;
  private final JsonMapper json;

  RolePages(RoleCatalog catalog, RoleStore store, RoleWriting writing, JsonMapper json) {
    this.catalog = catalog;
    this.store = store;
    this.writing = writing;
    this.json = json;
  }

  /** The form as typed (or as in force, when editing), kept when a field is refused. */
  record Form(String name, String permissions, String environments, String description) {
    static final Form EMPTY = new Form("", "", "", "");
  }

  /** One row of the list. */
  record Listed(RoleCatalog.Role role, List<String> members) {}

  @GetMapping("/settings/roles")
  @PreAuthorize("@access.can('users.admin')")
  String page(@RequestParam(required = false) String edit, Model model) {
    RoleCatalog.Role role = edit == null ? null : catalog.roles().get(edit);
    Form form = role == null ? Form.EMPTY : new Form(role.name(), String.join(", ", role.permissions()),
        String.join(", ", role.environments()), store.description(role.name()).orElse(""));
    fill(model, form, Map.of());
    return "console/roles";
  }

  @PostMapping("/settings/roles")
  @PreAuthorize("@access.can('users.admin')")
  String save(@RequestParam(required = false) String name, @RequestParam(required = false) String permissions,
      @RequestParam(required = false) String environments, @RequestParam(required = false) String description,
      Model model, HttpServletResponse response) {
    Form form = new Form(text(name).trim(), text(permissions), text(environments), text(description));
    ObjectNode body = json.createObjectNode();
    items(form.permissions()).forEach(body.putArray("permissions")::add);
    items(form.environments()).forEach(body.putArray("environments")::add);
    body.put("description", form.description().isBlank() ? null : form.description().trim());
    Map<String, String> errors = new LinkedHashMap<>();
    try {
      boolean created = writing.save(form.name(), body);
      model.addAttribute("saved", (created ? "Created role " : "Saved role ") + form.name() + ".");
      fill(model, Form.EMPTY, errors);
      return "console/roles";
    } catch (ApiException refused) {
      // permissions[2] is shown at the one permissions input, with the value it refused.
      FieldErrors.collect(refused, errors, RolePages::atInput, p -> p.message() + valueAt(p.field(), form), "name");
    }
    // Audited as REJECTED (400); what was typed stays in the form.
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    fill(model, form, errors);
    return "console/roles";
  }

  private void fill(Model model, Form form, Map<String, String> errors) {
    model.addAttribute("roles", catalog.roles().values().stream()
        .map(r -> new Listed(r, store.members(r.name()))).toList());
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
  }

  private static String atInput(String field) {
    int bracket = field.indexOf('[');
    return bracket < 0 ? field : field.substring(0, bracket);
  }

  /** {@code " ('Deploy')"} for {@code permissions[0]}: which of the comma-separated entries was refused. */
  private static String valueAt(String field, Form form) {
    var indexed = java.util.regex.Pattern.compile("(permissions|environments)\\[(\\d+)]").matcher(field);
    if (!indexed.matches()) {
      return "";
    }
    List<String> typed = items(indexed.group(1).equals("permissions") ? form.permissions() : form.environments());
    int i = Integer.parseInt(indexed.group(2));
    return i < typed.size() ? " ('" + typed.get(i) + "')" : "";
  }

  private static List<String> items(String commaSeparated) {
    return Arrays.stream(commaSeparated.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
