package dev.pitcrew.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.pitcrew.api.security.tokens.TokenCacheProperties;
import dev.pitcrew.api.slack.ChatOpsProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pitcrew's one role model, for REST, the console and Slack alike. Roles come from configuration
 * ({@code pitcrew.chatops.roles}, the defaults) and from the database (the admin API); a stored role replaces a
 * configured one of the same name. A permission is granted when one of the caller's roles allows it and, for a
 * request that touches an environment, that environment too.
 *
 * <p>Every authorised request asks for the roles in force, so the stored ones are read at most once per
 * {@code pitcrew.security.token-cache.ttl} (the same bound as a token's revocation on another replica), and at once
 * after a change made through this replica ({@link #forgetStoredRoles()}).
 */
@Component
public class RoleCatalog {
  /** A role as it is in force: what it allows, where, and the members configuration gives it. */
  public record Role(
      String name, List<String> permissions, List<String> environments, List<String> configuredMembers,
      String source) {}

  /** Whether it is allowed and, if not, the plain reason to show. */
  public record Decision(boolean allowed, String reason) {
    static final Decision ALLOWED = new Decision(true, null);
  }

  private final ChatOpsProperties configured;
  private final JdbcClient jdbc;
  /** The roles in force as last read; one entry, or none when reading every time ({@code ttl} 0s). */
  private final Cache<Boolean, Map<String, Role>> inForce;

  @Autowired
  RoleCatalog(ChatOpsProperties configured, JdbcClient jdbc, TokenCacheProperties cache) {
    this(configured, jdbc, cache, Ticker.systemTicker());
  }

  RoleCatalog(ChatOpsProperties configured, JdbcClient jdbc, TokenCacheProperties cache, Ticker ticker) {
    this.configured = configured;
    this.jdbc = jdbc;
    this.inForce = cache.ttl().isZero()
        ? null
        : Caffeine.newBuilder().ticker(ticker).expireAfterWrite(cache.ttl()).maximumSize(1).build();
  }

  /** Every role in force, configured ones overlaid by stored ones, by name. */
  public Map<String, Role> roles() {
    return inForce == null ? read() : inForce.get(Boolean.TRUE, ignored -> read());
  }

  /** Reads the stored roles again on the next request: one was just saved or deleted through this replica. */
  public void forgetStoredRoles() {
    if (inForce != null) {
      // invalidate(key), not invalidateAll(): it waits for a read under way, which would otherwise put the old
      // definitions back after this change.
      inForce.invalidate(Boolean.TRUE);
    }
  }

  private Map<String, Role> read() {
    Map<String, Role> roles = new LinkedHashMap<>();
    configured.roles().forEach((name, role) -> roles.put(name,
        new Role(name, role.commands(), role.environments(), role.members(), "configuration")));
    jdbc.sql("select name, permissions, environments from pitcrew_roles order by name")
        .query((rs, n) -> new Role(
            rs.getString(1), List.of((String[]) rs.getArray(2).getArray()),
            List.of((String[]) rs.getArray(3).getArray()),
            roles.containsKey(rs.getString(1)) ? roles.get(rs.getString(1)).configuredMembers() : List.of(),
            "database"))
        .list()
        .forEach(role -> roles.put(role.name(), role));
    return Collections.unmodifiableMap(roles);
  }

  /** Roles every person has, whoever they are. */
  public List<String> defaultRoles() {
    return configured.defaultRoles();
  }

  /**
   * The roles of whoever answers to any of {@code names} (an identity, a username, a Slack user ID): the default
   * roles, the roles configuration lists them in, and the roles stored for them.
   */
  public Set<String> rolesOf(Collection<String> names) {
    List<String> lower = names.stream().filter(Objects::nonNull).map(n -> n.toLowerCase(Locale.ROOT)).toList();
    Set<String> roles = new LinkedHashSet<>(configured.defaultRoles());
    configured.roles().forEach((name, role) -> {
      if (role.members().stream().anyMatch(m -> lower.contains(m.toLowerCase(Locale.ROOT)))) {
        roles.add(name);
      }
    });
    if (!lower.isEmpty()) {
      roles.addAll(jdbc.sql("select role from pitcrew_role_members where lower(member) in (:names) order by role")
          .param("names", lower)
          .query(String.class)
          .list());
    }
    return roles;
  }

  public Set<String> rolesOf(String... names) {
    return rolesOf(Arrays.asList(names));
  }

  /**
   * @param who named in the reason, e.g. {@code alice@studio.example}
   * @param environmentLimit environments a token is restricted to (empty: no restriction beyond its roles)
   * @param environment the environment the request touches, or null
   */
  public Decision check(
      String who, Set<String> roles, Set<String> environmentLimit, String permission, String environment) {
    Map<String, Role> all = roles();
    boolean allowedSomewhere = false;
    for (String roleName : roles) {
      Role role = all.get(roleName);
      if (role == null || !matches(role.permissions(), permission)) {
        continue;
      }
      allowedSomewhere = true;
      if (environment == null || (matches(role.environments(), environment)
          && (environmentLimit.isEmpty() || matches(List.copyOf(environmentLimit), environment)))) {
        return Decision.ALLOWED;
      }
    }
    String named = who + " (roles: " + (roles.isEmpty() ? "none" : String.join(", ", roles)) + ")";
    List<String> granting = new ArrayList<>();
    all.forEach((name, role) -> {
      if (matches(role.permissions(), permission)
          && (environment == null || matches(role.environments(), environment))) {
        granting.add(name);
      }
    });
    String ask = granting.isEmpty()
        ? "No role allows it yet; a Pitcrew admin can add it to one."
        : "Ask a Pitcrew admin to add you to " + String.join(" or ", granting) + ".";
    if (allowedSomewhere && environment != null && !environmentLimit.isEmpty()
        && !matches(List.copyOf(environmentLimit), environment)) {
      return new Decision(false, named + " uses a token limited to environments " + environmentLimit
          + " and may not run `" + permission + "` in `" + environment + "`.");
    }
    return new Decision(false, allowedSomewhere
        ? named + " may not run `" + permission + "` in environment `" + environment + "`. " + ask
        : named + " may not run `" + permission + "`. " + ask);
  }

  /**
   * Whether {@code holder} may do at least everything role {@code name} allows: it holds the role, or every
   * permission of the role in every environment of the role. Tokens are never handed a role stronger than this.
   */
  public boolean covers(Set<String> holder, String name) {
    return holder.contains(name) || covers(holder, name, roles());
  }

  /** {@link #covers(Set, String)} against roles already read, for callers that check several at once. */
  public boolean covers(Set<String> holder, String name, Map<String, Role> all) {
    if (holder.contains(name)) {
      return true;
    }
    Role wanted = all.get(name);
    if (wanted == null) {
      return false;
    }
    for (String permission : wanted.permissions()) {
      for (String environment : wanted.environments().isEmpty() ? List.of("") : wanted.environments()) {
        boolean granted = holder.stream().map(all::get).filter(Objects::nonNull).anyMatch(role ->
            (role.permissions().contains("*") || !permission.equals("*") && matches(role.permissions(), permission))
                && (environment.isEmpty() || role.environments().contains("*")
                    || !environment.equals("*") && matches(role.environments(), environment)));
        if (!granted) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean matches(List<String> allowed, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    return allowed.stream().anyMatch(a -> a.equals("*") || a.toLowerCase(Locale.ROOT).equals(lower));
  }
}
