package dev.pitcrew.api.security.roles;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.api.security.Caller;
import dev.pitcrew.api.security.RoleCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The role model as data: roles (configured defaults, overridden or added here) and who has them. The same roles
 * decide REST, console and Slack. {@code GET /api/v1/me} tells any caller who Pitcrew thinks they are.
 */
@RestController
class RoleController {
  private static final Pattern MEMBER = Pattern.compile("[^\\s\\u0000]{1,200}");

  private final RoleCatalog catalog;
  private final RoleStore store;
  private final Access access;
  private final RoleWriting writing;

  RoleController(RoleCatalog catalog, RoleStore store, Access access, RoleWriting writing) {
    this.catalog = catalog;
    this.store = store;
    this.access = access;
    this.writing = writing;
  }

  @GetMapping("/api/v1/me")
  @PreAuthorize("isAuthenticated()")
  Map<String, Object> me() {
    Caller caller = access.caller();
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("identity", caller.identity());
    me.put("channel", caller.channel().label());
    me.put("roles", caller.roles());
    if (!caller.environmentLimit().isEmpty()) {
      me.put("environmentLimit", caller.environmentLimit());
    }
    Map<String, RoleCatalog.Role> roles = catalog.roles();
    me.put("permissions", caller.roles().stream().filter(roles::containsKey)
        .flatMap(r -> roles.get(r).permissions().stream()).distinct().sorted().toList());
    return me;
  }

  @GetMapping("/api/v1/roles")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> list() {
    return Map.of("items", catalog.roles().values().stream().map(this::view).toList(),
        "defaultRoles", catalog.defaultRoles());
  }

  @GetMapping("/api/v1/roles/{name}")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> get(@PathVariable String name) {
    return view(require(name));
  }

  @PutMapping("/api/v1/roles/{name}")
  @PreAuthorize("@access.can('users.admin')")
  ResponseEntity<Map<String, Object>> put(@PathVariable String name, @RequestBody JsonNode body) {
    boolean created = writing.save(name, body);
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(view(require(name)));
  }

  /** Removes a stored role; a configured role of the same name comes back into force. */
  @DeleteMapping("/api/v1/roles/{name}")
  @PreAuthorize("@access.can('users.admin')")
  ResponseEntity<Void> delete(@PathVariable String name) {
    if (!store.delete(name)) {
      throw ApiException.notFound("No stored role '" + name + "' (configured roles change in configuration)");
    }
    return ResponseEntity.noContent().build();
  }

  @PutMapping("/api/v1/roles/{name}/members/{member}")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> addMember(@PathVariable String name, @PathVariable String member) {
    require(name);
    if (!MEMBER.matcher(member).matches()) {
      throw ApiException.badField("member", "must be an identity (email, username) or a Slack user ID");
    }
    boolean added = store.addMember(name, member, access.identity());
    Map<String, Object> answer = new LinkedHashMap<>(view(require(name)));
    answer.put("added", added);
    return answer;
  }

  @DeleteMapping("/api/v1/roles/{name}/members/{member}")
  @PreAuthorize("@access.can('users.admin')")
  ResponseEntity<Void> removeMember(@PathVariable String name, @PathVariable String member) {
    if (!store.removeMember(name, member)) {
      throw ApiException.notFound("'" + member + "' is not a stored member of '" + name + "'");
    }
    return ResponseEntity.noContent().build();
  }

  private RoleCatalog.Role require(String name) {
    RoleCatalog.Role role = catalog.roles().get(name);
    if (role == null) {
      throw ApiException.notFound("No role '" + name + "'; roles: " + catalog.roles().keySet());
    }
    return role;
  }

  private Map<String, Object> view(RoleCatalog.Role role) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", role.name());
    view.put("permissions", role.permissions());
    view.put("environments", role.environments());
    view.put("source", role.source());
    view.put("configuredMembers", role.configuredMembers());
    view.put("members", store.members(role.name()));
    return view;
  }
}
