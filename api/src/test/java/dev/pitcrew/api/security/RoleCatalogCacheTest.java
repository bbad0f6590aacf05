package dev.pitcrew.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.security.tokens.TokenCacheProperties;
import dev.pitcrew.api.slack.ChatOpsProperties;
import dev.pitcrew.api.support.SharedServerTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The roles in force are read once per TTL (the token cache's: how late a change on another replica may bite) on
 * the cache's own clock, moved by hand, against the shared server's real PostgreSQL; a change made through this
 * replica is seen at once.
 */
class RoleCatalogCacheTest extends SharedServerTest {
  private static final Duration TTL = Duration.ofSeconds(5);
  private static final String ROLE = "role-cache-test-auditor";

  @Autowired JdbcClient jdbc;
  @Autowired ChatOpsProperties configured;

  private final AtomicLong nanos = new AtomicLong();

  @AfterEach
  void dropRole() {
    jdbc.sql("delete from pitcrew_roles where name = ?").param(ROLE).update();
  }

  @Test
  void aRoleStoredElsewhereIsInForceOnceTheTtlHasPassed() {
    RoleCatalog catalog = new RoleCatalog(configured, jdbc, new TokenCacheProperties(TTL, 10), nanos::get);
    assertThat(catalog.roles()).doesNotContainKey(ROLE);

    storeRoleAsAnotherReplicaWould();
    nanos.addAndGet(TTL.minusMillis(1).toNanos());
    assertThat(catalog.roles()).as("within the TTL the last read stands").doesNotContainKey(ROLE);

    nanos.addAndGet(Duration.ofMillis(2).toNanos());
    assertThat(catalog.roles()).as("past the TTL PostgreSQL is read again").containsKey(ROLE);
    assertThat(catalog.roles().get(ROLE).permissions()).containsExactly("read");
  }

  @Test
  void aChangeThroughThisReplicaIsInForceAtOnce() {
    RoleCatalog catalog = new RoleCatalog(configured, jdbc, new TokenCacheProperties(TTL, 10), nanos::get);
    assertThat(catalog.roles()).doesNotContainKey(ROLE);

    storeRoleAsAnotherReplicaWould();
    catalog.forgetStoredRoles();
    assertThat(catalog.roles()).containsKey(ROLE);
  }

  @Test
  void aZeroTtlReadsEveryTime() {
    RoleCatalog catalog = new RoleCatalog(configured, jdbc, new TokenCacheProperties(Duration.ZERO, 10), nanos::get);
    assertThat(catalog.roles()).doesNotContainKey(ROLE);
    storeRoleAsAnotherReplicaWould();
    assertThat(catalog.roles()).containsKey(ROLE);
  }

  @Test
  void aRoleSavedThroughTheApiBitesOnTheNextRequest() {
    assertThat(api.put("/api/v1/roles/" + ROLE, "{\"permissions\":[\"read\"],\"environments\":[\"*\"]}").status())
        .isLessThan(300);
    var holder = api.as(api.post("/api/v1/tokens", "{\"name\":\"role-cache\",\"roles\":[\"" + ROLE + "\"]}")
        .body().get("token").asString());
    assertThat(holder.get("/api/v1/roles").status()).as("the role does not allow managing roles yet").isEqualTo(403);

    var saved = api.put("/api/v1/roles/" + ROLE, "{\"permissions\":[\"read\",\"users.admin\"],\"environments\":[\"*\"]}");
    assertThat(saved.status()).as(saved.text()).isLessThan(300);
    assertThat(holder.get("/api/v1/roles").status()).as("the new definition, not the remembered one").isEqualTo(200);
  }

  private void storeRoleAsAnotherReplicaWould() {
    jdbc.sql("insert into pitcrew_roles (name, permissions, environments, description, updated_by) "
            + "values (?, ?, ?, 'test', 'test')")
        .params(ROLE, new String[] {"read"}, new String[] {"*"})
        .update();
  }
}
