package dev.pitcrew.api.security.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code api_tokens} table. A token is shown once, when issued; only its SHA-256 is stored (a token carries
 * 256 random bits, so a fast hash is enough and lets a request find its token by index).
 */
@Repository
public class ApiTokens {
  /** Every token starts with this, so a leaked one is easy to recognise (and to tell from an IdP's JWT). */
  public static final String PREFIX = "pct_";
  private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token as it is listed: never its secret. */
  public record Token(
      String id, String name, String kind, String owner, List<String> roles, List<String> environments,
      Instant createdAt, String createdBy, Instant expiresAt, Instant lastUsedAt, Instant revokedAt,
      String revokedBy) {

    public boolean activeAt(Instant now) {
      return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
  }

  /** A newly issued token and its secret, which is never shown again. */
  public record Issued(Token token, String secret) {}

  private final JdbcClient jdbc;

  ApiTokens(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Issued issue(
      String name, String kind, String owner, List<String> roles, List<String> environments, Instant expiresAt,
      String createdBy) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return new Issued(insert(name, kind, owner, roles, environments, expiresAt, createdBy, secret), secret);
  }

  /** Accepts a token the operator chose (a bootstrap token from a Secret); a no-op when it is already stored. */
  public void ensure(String secret, String name, String kind, String owner, List<String> roles, String createdBy) {
    if (find(secret).isEmpty()) {
      insert(name, kind, owner, roles, null, null, createdBy, secret);
    }
  }

  private Token insert(
      String name, String kind, String owner, List<String> roles, List<String> environments, Instant expiresAt,
      String createdBy, String secret) {
    String id = "tok_" + HexFormat.of().formatHex(sha256(secret + ":id")).substring(0, 12);
    jdbc.sql(
            "insert into api_tokens (id, name, kind, owner, token_hash, roles, environments, created_by, expires_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(id, name, kind, owner, hash(secret), roles.toArray(String[]::new),
            environments == null ? null : environments.toArray(String[]::new), createdBy,
            expiresAt == null ? null : Timestamp.from(expiresAt))
        .update();
    return byId(id).orElseThrow();
  }

  /** The token with this secret, whether or not it is still valid. */
  public Optional<Token> find(String secret) {
    return jdbc.sql("select * from api_tokens where token_hash = ?").param(hash(secret)).query(ApiTokens::row)
        .optional();
  }

  /** Notes that a token was used, at most once a minute per token so busy scripts do not write on every call. */
  public void touch(Token token, Instant now) {
    if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
      jdbc.sql("update api_tokens set last_used_at = ? where id = ?").params(Timestamp.from(now), token.id()).update();
    }
  }

  public Optional<Token> byId(String id) {
    return jdbc.sql("select * from api_tokens where id = ?").param(id).query(ApiTokens::row).optional();
  }

  /** Newest first; {@code owner} null → every token. */
  public List<Token> list(String owner) {
    return owner == null
        ? jdbc.sql("select * from api_tokens order by created_at desc, id").query(ApiTokens::row).list()
        : jdbc.sql("select * from api_tokens where lower(owner) = lower(?) order by created_at desc, id")
            .param(owner).query(ApiTokens::row).list();
  }

  /** Revokes it; false when it was already revoked. */
  public boolean revoke(String id, String by) {
    return jdbc.sql("update api_tokens set revoked_at = now(), revoked_by = ? where id = ? and revoked_at is null")
        .params(by, id).update() == 1;
  }

  static String hash(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Token row(ResultSet rs, int n) throws SQLException {
    return new Token(
        rs.getString("id"), rs.getString("name"), rs.getString("kind"), rs.getString("owner"),
        strings(rs.getArray("roles")), rs.getArray("environments") == null ? null : strings(rs.getArray("environments")),
        instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "expires_at"), instant(rs, "last_used_at"),
        instant(rs, "revoked_at"), rs.getString("revoked_by"));
  }

  private static List<String> strings(Array array) throws SQLException {
    return List.of((String[]) array.getArray());
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
