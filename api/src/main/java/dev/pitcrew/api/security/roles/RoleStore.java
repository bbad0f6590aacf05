package dev.pitcrew.api.security.roles;

import dev.pitcrew.api.security.RoleCatalog;
import dev.pitcrew.api.security.tokens.CheckedTokens;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes the roles and memberships the admin API manages ({@code pitcrew_roles}, {@code pitcrew_role_members}).
 * Every write makes this replica forget the API tokens it checked recently: a personal token's roles follow its
 * owner's, and a change must bite at once here (other replicas: within the token cache's TTL).
 */
@Repository
class RoleStore {
  private final JdbcClient jdbc;
  private final CheckedTokens checkedTokens;
  private final RoleCatalog catalog;

  RoleStore(JdbcClient jdbc, CheckedTokens checkedTokens, RoleCatalog catalog) {
    this.jdbc = jdbc;
    this.checkedTokens = checkedTokens;
    this.catalog = catalog;
  }

  /** True when the role is new. */
  boolean save(String name, RoleRequest role, String by) {
    boolean created = jdbc.sql(
            """
            insert into pitcrew_roles (name, permissions, environments, description, updated_by)
            values (?, ?, ?, ?, ?)
            on conflict (name) do update set permissions = excluded.permissions,
              environments = excluded.environments, description = excluded.description,
              updated_at = now(), updated_by = excluded.updated_by
            returning (xmax = 0)
            """)
        .params(name, role.permissions().toArray(String[]::new), role.environments().toArray(String[]::new),
            role.description(), by)
        .query(Boolean.class)
        .single();
    catalog.forgetStoredRoles(); // after the write, so no request re-remembers the old roles
    checkedTokens.forgetAll();
    return created;
  }

  /** A stored role's description (configured roles have none). */
  Optional<String> description(String name) {
    return jdbc.sql("select coalesce(description, '') from pitcrew_roles where name = ?").param(name)
        .query(String.class).optional();
  }

  boolean delete(String name) {
    boolean deleted = jdbc.sql("delete from pitcrew_roles where name = ?").param(name).update() == 1;
    catalog.forgetStoredRoles();
    checkedTokens.forgetAll();
    return deleted;
  }

  List<String> members(String role) {
    return jdbc.sql("select member from pitcrew_role_members where role = ? order by member").param(role)
        .query(String.class).list();
  }

  boolean addMember(String role, String member, String by) {
    boolean added = jdbc.sql("insert into pitcrew_role_members (role, member, added_by) values (?, ?, ?) "
            + "on conflict do nothing")
        .params(role, member, by).update() == 1;
    checkedTokens.forgetAll();
    return added;
  }

  boolean removeMember(String role, String member) {
    boolean removed = jdbc.sql("delete from pitcrew_role_members where role = ? and lower(member) = lower(?)")
        .params(role, member).update() == 1;
    checkedTokens.forgetAll();
    return removed;
  }
}
