package dev.pitcrew.api.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the groups or roles an IdP asserts into Pitcrew roles, for JWT bearer tokens and OIDC logins alike. */
public final class IdpRoles {
  private IdpRoles() {}

  /**
   * @param mapping IdP value → Pitcrew role (configured)
   * @param known Pitcrew role names; an IdP value equal to one of them counts as that role
   */
  public static Set<String> map(Collection<String> asserted, Map<String, String> mapping, Set<String> known) {
    Set<String> roles = new LinkedHashSet<>();
    for (String value : asserted) {
      String mapped = mapping.get(value);
      if (mapped != null) {
        roles.add(mapped);
      } else if (known.contains(value)) {
        roles.add(value);
      }
    }
    return roles;
  }

  /** A groups claim as a list, whether the IdP sends a JSON array or a space- or comma-separated string. */
  public static List<String> claimValues(Object claim) {
    if (claim instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    if (claim instanceof String value) {
      return List.of(value.split("[ ,]+"));
    }
    return List.of();
  }
}
