package dev.pitcrew.api.security.roles;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes the roles and memberships the admin API manages ({@code pitcrew_roles}, {@code pitcrew_role_members}). */
@Repository
class RoleStore {
  private final JdbcClient jdbc;

  RoleStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** True when the role is new. */
  boolean save(String name, RoleRequest role, String by) {
    return jdbc.sql(
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
  }

  boolean delete(String name) {
    return jdbc.sql("delete from pitcrew_roles where name = ?").param(name).update() == 1;
  }

  List<String> members(String role) {
    return jdbc.sql("select member from pitcrew_role_members where role = ? order by member").param(role)
        .query(String.class).list();
  }

  boolean addMember(String role, String member, String by) {
    return jdbc.sql("insert into pitcrew_role_members (role, member, added_by) values (?, ?, ?) "
            + "on conflict do nothing")
        .params(role, member, by).update() == 1;
  }

  boolean removeMember(String role, String member) {
    return jdbc.sql("delete from pitcrew_role_members where role = ? and lower(member) = lower(?)")
        .params(role, member).update() == 1;
  }
}
