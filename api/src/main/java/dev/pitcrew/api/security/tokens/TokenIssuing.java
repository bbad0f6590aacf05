package dev.pitcrew.api.security.tokens;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.api.security.Caller;
import dev.pitcrew.api.security.Channel;
import dev.pitcrew.api.security.RoleCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Issuing and revoking API tokens, as the signed-in caller, with the rules the REST API and the console share: a
 * token gets no role stronger than its maker holds, service tokens and other people's tokens are for admins
 * ({@code users.admin}), a lifetime is at most a year.
 */
@Service
class TokenIssuing {
  /** A revocation's answer: the token as it is now, and whether this call revoked it (false: it already was). */
  record Revoked(ApiTokens.Token token, boolean revokedNow) {}

  private final ApiTokens tokens;
  private final Access access;
  private final RoleCatalog roles;
  private final CheckedTokens checked;
  private final Clock clock = Clock.systemUTC();

  TokenIssuing(ApiTokens tokens, Access access, RoleCatalog roles, CheckedTokens checked) {
    this.checked = checked;
    this.tokens = tokens;
    this.access = access;
    this.roles = roles;
  }

  /** 400 naming the field (roles[i], expiresIn) before anything is stored; 403 for a service token without admin. */
  ApiTokens.Issued issue(TokenRequest request) {
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
    List<String> wanted = request.roles() == null ? List.copyOf(held(caller)) : request.roles();
    problems.addAll(rolesBeyond(caller, wanted));
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", problems.stream()
          .map(p -> p.field() + ": " + p.message()).toList()), problems);
    }
    String owner = service ? "token:" + request.name() : caller.identity();
    Instant expiresAt = clock.instant().plus(request.lifetime());
    return tokens.issue(request.name(), request.kindOrDefault(), owner, wanted, request.environments(), expiresAt,
        caller.identity());
  }

  /** Your own tokens; everyone's for admins when {@code all}. */
  List<ApiTokens.Token> list(boolean all) {
    if (all) {
      access.require("users.admin", null);
    }
    return tokens.list(all ? null : access.identity());
  }

  /** 404 for an unknown ID; someone else's token needs {@code users.admin}. */
  Revoked revoke(String id) {
    ApiTokens.Token token = tokens.byId(id).orElseThrow(() -> ApiException.notFound("No API token '" + id + "'"));
    if (!token.owner().equalsIgnoreCase(access.identity())) {
      access.require("users.admin", null);
    }
    boolean revoked = tokens.revoke(id, access.identity());
    checked.forget(id); // at once here; other replicas within pitcrew.security.token-cache.ttl
    return new Revoked(tokens.byId(id).orElseThrow(), revoked);
  }

  /** The roles the caller may give a token: theirs in this request, and Pitcrew's grants to a signed-in person. */
  Set<String> held(Caller caller) {
    Set<String> held = new LinkedHashSet<>(caller.roles());
    if (caller.channel() != Channel.REST) {
      held.addAll(roles.rolesOf(caller.identity()));
    }
    return held;
  }

  private List<FieldProblem> rolesBeyond(Caller caller, List<String> wanted) {
    Map<String, RoleCatalog.Role> all = roles.roles();
    Set<String> held = held(caller);
    List<FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      String role = wanted.get(i);
      if (!all.containsKey(role)) {
        problems.add(new FieldProblem("roles[" + i + "]", "'" + role + "' is not a role; one of " + all.keySet()));
      } else if (!roles.covers(held, role, all)) {
        problems.add(new FieldProblem("roles[" + i + "]", "'" + role + "' allows more than you may do"));
      }
    }
    return problems;
  }
}
