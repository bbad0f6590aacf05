package dev.pitcrew.api.security.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and changes local accounts ({@code pitcrew_users}). */
@Repository
class LocalAccounts {
  private static final String COLUMNS = "id, username, email, display_name, password_hash, totp_secret, "
      + "totp_enrolled_at, last_totp_step, failed_attempts, locked_until, disabled, created_at, created_by";

  private final JdbcClient jdbc;

  LocalAccounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<LocalAccount> byUsername(String username) {
    return jdbc.sql("select " + COLUMNS + " from pitcrew_users where lower(username) = lower(?)")
        .param(username).query(LocalAccounts::row).optional();
  }

  Optional<LocalAccount> byId(long id) {
    return jdbc.sql("select " + COLUMNS + " from pitcrew_users where id = ?").param(id).query(LocalAccounts::row)
        .optional();
  }

  /** The account whose identity (email, else username) this is. */
  Optional<LocalAccount> byIdentity(String identity) {
    return jdbc.sql("select " + COLUMNS + " from pitcrew_users where lower(coalesce(email, username)) = lower(?)")
        .param(identity).query(LocalAccounts::row).optional();
  }

  List<LocalAccount> all() {
    return jdbc.sql("select " + COLUMNS + " from pitcrew_users order by username").query(LocalAccounts::row).list();
  }

  long create(String username, String email, String displayName, String passwordHash, String createdBy) {
    return jdbc.sql("insert into pitcrew_users (username, email, display_name, password_hash, created_by) "
            + "values (?, ?, ?, ?, ?) returning id")
        .params(username, email, displayName, passwordHash, createdBy).query(Long.class).single();
  }

  /** Counts a wrong password or code; the one that reaches {@code max} locks the account until {@code until}. */
  void recordFailure(long id, int max, Instant until) {
    jdbc.sql("update pitcrew_users set "
            + "locked_until = case when failed_attempts + 1 >= ? then ? else locked_until end, "
            + "failed_attempts = case when failed_attempts + 1 >= ? then 0 else failed_attempts + 1 end "
            + "where id = ?")
        .params(max, Timestamp.from(until), max, id).update();
  }

  void recordSuccess(long id) {
    jdbc.sql("update pitcrew_users set failed_attempts = 0, locked_until = null where id = ?").param(id).update();
  }

  /**
   * Accepts a TOTP step only if it is later than the last accepted one, atomically: two requests with the same
   * code cannot both win.
   */
  boolean acceptStep(long id, long step) {
    return jdbc.sql("update pitcrew_users set last_totp_step = ? "
            + "where id = ? and (last_totp_step is null or last_totp_step < ?)")
        .params(step, id, step).update() == 1;
  }

  /** Stores a secret being enrolled (not yet confirmed: totp_enrolled_at stays null). */
  void storePendingSecret(long id, String encryptedSecret) {
    jdbc.sql("update pitcrew_users set totp_secret = ?, totp_enrolled_at = null, last_totp_step = null where id = ?")
        .params(encryptedSecret, id).update();
  }

  void confirmEnrolment(long id, long step) {
    jdbc.sql("update pitcrew_users set totp_enrolled_at = now(), last_totp_step = ? where id = ?")
        .params(step, id).update();
  }

  boolean resetMfa(long id) {
    jdbc.sql("delete from pitcrew_recovery_codes where user_id = ?").param(id).update();
    return jdbc.sql("update pitcrew_users set totp_secret = null, totp_enrolled_at = null, last_totp_step = null "
        + "where id = ?").param(id).update() == 1;
  }

  void unlock(long id) {
    recordSuccess(id);
  }

  void setPassword(long id, String passwordHash) {
    jdbc.sql("update pitcrew_users set password_hash = ? where id = ?").params(passwordHash, id).update();
  }

  void disable(long id) {
    jdbc.sql("update pitcrew_users set disabled = true where id = ?").param(id).update();
  }

  /** Grants roles to an identity (pitcrew_role_members, as the roles admin API does). */
  void grantRoles(String identity, List<String> roles, String by) {
    for (String role : roles) {
      jdbc.sql("insert into pitcrew_role_members (role, member, added_by) values (?, ?, ?) on conflict do nothing")
          .params(role, identity, by).update();
    }
  }

  /** The roles stored for an identity (configured memberships and default roles are the RoleCatalog's). */
  List<String> storedRoles(String identity) {
    return jdbc.sql("select role from pitcrew_role_members where lower(member) = lower(?) order by role")
        .param(identity).query(String.class).list();
  }

  private static LocalAccount row(ResultSet rs, int n) throws SQLException {
    long step = rs.getLong("last_totp_step");
    Long lastStep = rs.wasNull() ? null : step;
    return new LocalAccount(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
        rs.getString("display_name"), rs.getString("password_hash"), rs.getString("totp_secret"),
        instant(rs, "totp_enrolled_at"), lastStep, rs.getInt("failed_attempts"), instant(rs, "locked_until"),
        rs.getBoolean("disabled"), instant(rs, "created_at"), rs.getString("created_by"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
