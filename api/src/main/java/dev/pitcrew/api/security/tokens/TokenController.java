package dev.pitcrew.api.security.tokens;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.api.security.Caller;
import dev.pitcrew.api.security.Channel;
import dev.pitcrew.api.security.RoleCatalog;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * API tokens for CI, scripts and a future CLI: issue one (its secret is in this answer and never again), list
 * them (never their secrets) with their last use, and revoke one. A person manages their own personal tokens;
 * service tokens, and everyone's tokens, are for admins ({@code users.admin}).
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {
  private final ApiTokens tokens;
  private final Access access;
  private final RoleCatalog roles;
  private final RequestReader reader;
  private final CheckedTokens checked;
  private final Clock clock = Clock.systemUTC();

  TokenController(ApiTokens tokens, Access access, RoleCatalog roles, RequestReader reader, CheckedTokens checked) {
    this.checked = checked;
    this.tokens = tokens;
    this.access = access;
    this.roles = roles;
    this.reader = reader;
  }

  @PostMapping
  @PreAuthorize("@access.can('tokens.own')")
  ResponseEntity<Map<String, Object>> issue(@RequestBody JsonNode body) {
    TokenRequest request = reader.read(body, TokenRequest.class, "");
    Caller caller = access.caller();
    boolean service = "service".equals(request.kindOrDefault());
    if (service) {
      access.require("users.admin", null);
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (request.lifetime().isNegative() || request.lifetime().isZero()
        || request.lifetime().compareTo(TokenRequest.MAX_LIFETIME) > 0) {
      problems.add(new FieldProblem("expiresIn", "must be a positive ISO-8601 duration of at most P366D"));
    }
    Map<String, RoleCatalog.Role> all = roles.roles();
    Set<String> known = all.keySet();
    // A token gets no role stronger than what its maker holds in this request: a read-only token cannot mint an
    // admin one. A signed-in person also holds the roles Pitcrew grants their identity.
    Set<String> held = new LinkedHashSet<>(caller.roles());
    if (caller.channel() != Channel.REST) {
      held.addAll(roles.rolesOf(caller.identity()));
    }
    List<String> wanted = request.roles() == null ? List.copyOf(held) : request.roles();
    for (int i = 0; i < wanted.size(); i++) {
      String role = wanted.get(i);
      if (!known.contains(role)) {
        problems.add(new FieldProblem("roles[" + i + "]", "'" + role + "' is not a role; one of " + known));
      } else if (!roles.covers(held, role, all)) {
        problems.add(new FieldProblem("roles[" + i + "]", "'" + role + "' allows more than you may do"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", problems.stream()
          .map(p -> p.field() + ": " + p.message()).toList()), problems);
    }
    String owner = service ? "token:" + request.name() : caller.identity();
    Instant expiresAt = clock.instant().plus(request.lifetime());
    ApiTokens.Issued issued = tokens.issue(request.name(), request.kindOrDefault(), owner, wanted,
        request.environments(), expiresAt, caller.identity());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("token", issued.secret());
    answer.put("note", "This is the only time the token is shown. Send it as 'Authorization: Bearer <token>'.");
    answer.putAll(view(issued.token()));
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.token().id())).body(answer);
  }

  /** Your tokens; {@code all=true} lists everyone's (admins). */
  @GetMapping
  @PreAuthorize("@access.can('tokens.own')")
  Map<String, Object> list(@RequestParam(defaultValue = "false") boolean all) {
    if (all) {
      access.require("users.admin", null);
    }
    return Map.of("items", tokens.list(all ? null : access.identity()).stream().map(TokenController::view).toList());
  }

  @DeleteMapping("/{id}")
  @PreAuthorize("@access.can('tokens.own')")
  Map<String, Object> revoke(@PathVariable String id) {
    ApiTokens.Token token = tokens.byId(id)
        .orElseThrow(() -> ApiException.notFound("No API token '" + id + "'"));
    if (!token.owner().equalsIgnoreCase(access.identity())) {
      access.require("users.admin", null);
    }
    boolean revoked = tokens.revoke(id, access.identity());
    checked.forget(id); // at once here; other replicas within pitcrew.security.token-cache.ttl
    Map<String, Object> answer = new LinkedHashMap<>(view(tokens.byId(id).orElseThrow()));
    answer.put("revokedNow", revoked);
    return answer;
  }

  private static Map<String, Object> view(ApiTokens.Token token) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", token.id());
    view.put("name", token.name());
    view.put("kind", token.kind());
    view.put("owner", token.owner());
    view.put("roles", token.roles());
    if (token.environments() != null) {
      view.put("environments", token.environments());
    }
    view.put("createdAt", token.createdAt());
    view.put("createdBy", token.createdBy());
    view.put("expiresAt", token.expiresAt());
    view.put("lastUsedAt", token.lastUsedAt());
    view.put("revokedAt", token.revokedAt());
    view.put("revokedBy", token.revokedBy());
    return view;
  }
}
