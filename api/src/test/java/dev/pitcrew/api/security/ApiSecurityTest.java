package dev.pitcrew.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.api.security.tokens.TokenCacheProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Authentication, API tokens and the browser-facing protections, over real HTTP. */
class ApiSecurityTest extends SharedServerTest {
  @LocalServerPort int port;
  HttpApi admin;
  HttpApi anonymous;

  @BeforeEach
  void clients() {
    admin = new HttpApi(port);
    anonymous = new HttpApi(port, null);
  }

  @Test
  void anonymousCallersGetA401ProblemAndNothingElse() {
    Response list = anonymous.get("/api/v1/runs");
    assertThat(list.status()).isEqualTo(401);
    assertThat(list.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).contains("application/problem+json"));
    assertThat(list.body().get("status").asInt()).isEqualTo(401);
    assertThat(list.body().get("detail").asString()).contains("Authorization: Bearer");
    assertThat(list.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        value -> assertThat(value).startsWith("Bearer"));

    int runsBefore = admin.get("/api/v1/runs?type=self-check&size=200").body().get("items").size();
    Response start = anonymous.post("/api/v1/runs", "{\"type\":\"self-check\"}");
    assertThat(start.status()).isEqualTo(401);
    assertThat(admin.get("/api/v1/runs?type=self-check&size=200").body().get("items").size()).isEqualTo(runsBefore);

    Response forged = anonymous.get("/api/v1/runs", "Authorization", "Bearer pct_not-a-real-token-000000000000000");
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.body().get("detail").asString()).contains("refused");
  }

  @Test
  void aTokenIsShownOnceWorksUntilRevokedAndRecordsItsLastUse() {
    Response issued = admin.post("/api/v1/tokens", "{\"name\":\"ci-read\",\"roles\":[\"viewer\"]}");
    assertThat(issued.status()).as(issued.text()).isEqualTo(201);
    String secret = issued.body().get("token").asString();
    String id = issued.body().get("id").asString();
    assertThat(secret).startsWith("pct_");
    assertThat(issued.body().get("expiresAt").asString()).isNotBlank();

    HttpApi ci = admin.as(secret);
    JsonNode me = ci.get("/api/v1/me").body();
    assertThat(me.get("identity").asString()).isEqualTo("admin");
    assertThat(me.get("roles").toString()).contains("viewer").doesNotContain("admin");
    assertThat(ci.put("/api/v1/services/nope", "{}").status()).as("a viewer token cannot write").isEqualTo(403);

    Response listed = admin.get("/api/v1/tokens");
    assertThat(listed.text()).contains(id).doesNotContain(secret).doesNotContain("token_hash");
    JsonNode row = find(listed.body().get("items"), id);
    assertThat(row.get("lastUsedAt").isNull()).as("last use recorded").isFalse();

    Response revoked = admin.delete("/api/v1/tokens/" + id);
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.body().get("revokedBy").asString()).isEqualTo("admin");
    Response after = ci.get("/api/v1/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.body().get("detail").asString()).contains("revoked");
  }

  @Test
  void aTokenRevokedOnAnotherReplicaIsRefusedOnceThisReplicasMemoryOfItLapses(
      @Autowired JdbcClient jdbc, @Autowired TokenCacheProperties cache) {
    Response issued = admin.post("/api/v1/tokens", "{\"name\":\"elsewhere\",\"roles\":[\"viewer\"]}");
    String id = issued.body().get("id").asString();
    HttpApi script = admin.as(issued.body().get("token").asString());
    assertThat(script.get("/api/v1/me").status()).as("checked, and remembered for the TTL").isEqualTo(200);

    // Another replica revokes it: the row changes, and nothing tells this replica.
    jdbc.sql("update api_tokens set revoked_at = now(), revoked_by = 'admin' where id = ?").param(id).update();
    // CheckedTokensTest pins the bound to the TTL on the cache's own clock; over HTTP on a busy machine, allow slack.
    await().atMost(cache.ttl().plusSeconds(30)).until(() -> script.get("/api/v1/me").status() == 401);
    assertThat(script.get("/api/v1/me").body().get("detail").asString()).contains("revoked");
  }

  @Test
  void anExpiredTokenIsRefused() {
    Response issued = admin.post("/api/v1/tokens", "{\"name\":\"short\",\"roles\":[\"viewer\"],\"expiresIn\":\"PT1S\"}");
    assertThat(issued.status()).as(issued.text()).isEqualTo(201);
    HttpApi shortLived = admin.as(issued.body().get("token").asString());
    await().atMost(Duration.ofSeconds(10)).until(() -> shortLived.get("/api/v1/me").status() == 401);
    assertThat(shortLived.get("/api/v1/me").body().get("detail").asString()).contains("expired");
  }

  @Test
  void aTokenNeverCarriesMoreThanItsOwnerMayDo() {
    HttpApi viewer = admin.as(admin.post("/api/v1/tokens", "{\"name\":\"v\",\"roles\":[\"viewer\"]}")
        .body().get("token").asString());
    // Personal tokens are bounded by their owner's roles at creation...
    Response escalate = viewer.post("/api/v1/tokens", "{\"name\":\"more\",\"roles\":[\"admin\"]}");
    assertThat(escalate.status()).as(escalate.text()).isEqualTo(400);
    assertThat(escalate.body().get("errors").get(0).get("field").asString()).isEqualTo("roles[0]");
    // ...service tokens are for admins only...
    Response service = viewer.post("/api/v1/tokens", "{\"name\":\"svc\",\"kind\":\"service\",\"roles\":[\"viewer\"]}");
    assertThat(service.status()).isEqualTo(403);
    // ...and someone else's token cannot be revoked.
    String adminTokenId = admin.post("/api/v1/tokens", "{\"name\":\"keep\",\"roles\":[\"viewer\"]}").body()
        .get("id").asString();
    Response sneakyRevoke = admin.as(admin.post("/api/v1/tokens", "{\"name\":\"svc2\",\"kind\":\"service\","
        + "\"roles\":[\"viewer\"]}").body().get("token").asString()).delete("/api/v1/tokens/" + adminTokenId);
    assertThat(sneakyRevoke.status()).isEqualTo(403);
  }

  @Test
  void aCrossSiteFormPostIsRefusedWhileTheRunKeepsRunning() {
    Response started = admin.post("/api/v1/runs",
        "{\"type\":\"self-check\",\"input\":{\"label\":\"csrf\",\"awaitConfirmation\":true,\"holdSeconds\":0}}");
    String id = started.body().get("workflowId").asString();

    Response forged = anonymous.request("POST", "/api/v1/runs/" + id + "/cancel",
        "application/x-www-form-urlencoded", "reason=gotcha", "Origin", "https://evil.example",
        "Sec-Fetch-Site", "cross-site");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body().get("detail").asString()).contains("CSRF");

    await().until(() -> admin.get("/api/v1/runs/" + id).body().path("phase").asString(),
        "AwaitingConfirmation"::equals);
    assertThat(admin.get("/api/v1/runs/" + id).body().get("status").asString()).isEqualTo("RUNNING");
    assertThat(admin.post("/api/v1/runs/" + id + "/cancel", null).status()).as("a bearer call needs no CSRF token")
        .isEqualTo(202);
  }

  @Test
  void responsesCarryTheSecurityHeadersAndCorsIsClosed() {
    Response me = admin.get("/api/v1/me");
    var headers = me.raw().headers();
    assertThat(headers.firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("frame-ancestors 'none'").contains("default-src 'self'"));
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(headers.firstValue("Referrer-Policy")).hasValue("same-origin");

    // No origin is allowed by default: a browser gets no CORS grant, so it never sends the real request.
    Response preflight = anonymous.request("OPTIONS", "/api/v1/runs", null, null,
        "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
    assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
  }

  @Test
  void probesAreOpenAndMetricsNeedTheScrapeToken() {
    assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(401);
    assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
    HttpApi viewer = admin.as(admin.post("/api/v1/tokens", "{\"name\":\"peek\",\"roles\":[\"viewer\"]}")
        .body().get("token").asString());
    assertThat(viewer.get("/actuator/prometheus").status()).isEqualTo(403);
    Response scraped = admin.as(PROMETHEUS_TOKEN).get("/actuator/prometheus");
    assertThat(scraped.status()).isEqualTo(200);
    assertThat(scraped.text()).contains("jvm_");
    assertThat(admin.as(PROMETHEUS_TOKEN).get("/api/v1/runs").status()).as("the scrape token reads metrics only")
        .isEqualTo(403);
  }

  @Test
  void rolesAreDataAndApplyAtOnce() {
    Response role = admin.put("/api/v1/roles/qa-deployer",
        "{\"permissions\":[\"read\",\"deploy\"],\"environments\":[\"qa\"],\"description\":\"QA releases\"}");
    assertThat(role.status()).as(role.text()).isEqualTo(201);
    String secret = admin.post("/api/v1/tokens", "{\"name\":\"qa-bot\",\"kind\":\"service\",\"roles\":[\"qa-deployer\"]}")
        .body().get("token").asString();
    HttpApi qa = admin.as(secret);
    assertThat(qa.get("/api/v1/me").body().get("permissions").toString()).contains("deploy");
    assertThat(admin.delete("/api/v1/roles/qa-deployer").status()).isEqualTo(204);
    assertThat(qa.get("/api/v1/me").body().get("permissions").toString()).doesNotContain("deploy");
  }

  @Test
  void secretsNeverReachTheLogsOrTheAnswers(@Autowired JdbcClient jdbc, @Autowired SecurityProperties settings) {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger security = (Logger) LoggerFactory.getLogger("org.springframework.security");
    Level securityLevel = security.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    security.setLevel(Level.DEBUG); // the most talkative the security code gets
    String secret;
    try {
      secret = admin.post("/api/v1/tokens", "{\"name\":\"leak-check\",\"roles\":[\"viewer\"]}").body()
          .get("token").asString();
      admin.as(secret).get("/api/v1/me");
      admin.as(secret + "x").get("/api/v1/me");
      admin.as(PROMETHEUS_TOKEN).get("/actuator/prometheus");
      admin.as(PROMETHEUS_TOKEN + "x").get("/actuator/prometheus");
    } finally {
      root.detachAppender(logs);
      security.setLevel(securityLevel);
    }
    String hash = jdbc.sql("select token_hash from api_tokens where name = 'leak-check'").query(String.class).single();
    String passwordHash = jdbc.sql("select password_hash from pitcrew_users where username = 'admin'")
        .query(String.class).single();
    List<String> lines = logs.list.stream()
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
        .toList();
    assertThat(lines).isNotEmpty().noneMatch(line -> line.contains(secret) || line.contains(hash)
        || line.contains(PROMETHEUS_TOKEN) || line.contains(passwordHash)
        || line.contains(LocalModeTestProperties.ADMIN_TOKEN));
    assertThat(admin.get("/api/v1/tokens?all=true").text()).doesNotContain(hash).doesNotContain(secret)
        .doesNotContain(LocalModeTestProperties.ADMIN_TOKEN);
    assertThat(settings.toString()).doesNotContain(PROMETHEUS_TOKEN).doesNotContain(LocalModeTestProperties.ADMIN_TOKEN);
  }

  private static JsonNode find(JsonNode items, String id) {
    for (JsonNode item : items) {
      if (item.get("id").asString().equals(id)) {
        return item;
      }
    }
    throw new AssertionError("no token " + id + " in " + items);
  }
}
