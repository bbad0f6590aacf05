package dev.pitcrew.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.pitcrew.api.PitcrewApplication;
import dev.pitcrew.api.security.accounts.Totp;
import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Local accounts end to end over HTTP: password, then mandatory TOTP enrolment with recovery codes; codes that
 * work once; lockout; the admin API (reset MFA, unlock, never a secret in an answer); password change; and a
 * session in PostgreSQL that a second Pitcrew on the same database honours.
 */
// A context of its own, closed after the class: its embedded PostgreSQL lives in a @TempDir that JUnit deletes
// then, and a cached context would run on without its files for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LocalAccountsTest {
  @TempDir static Path dataDir;
  @TempDir static Path secondDataDir;
  static final String ADMIN_PASSWORD = "bootstrap-admin-password";
  static final String PASSWORD = "correct horse battery";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Pattern SECRET = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<");
  static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([a-z0-9-]+)</code></li>");

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, dataDir);
    registry.add("pitcrew.security.bootstrap.admin-password", () -> ADMIN_PASSWORD);
    // These tests log in many times from one address; the per-address login limit is tested with the web protections.
    registry.add("pitcrew.web.rate-limits.enabled", () -> "false");
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void theBootstrapAdminsFirstLoginEnrolsTotpAndOnlyThenAuthenticates() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> afterPassword = password(browser, "admin", ADMIN_PASSWORD);
    assertThat(Browser.location(afterPassword)).endsWith("/mfa/enrol");

    // Password alone: anonymous to the API, and pages lead back to the second factor.
    assertThat(browser.getJson(url("/api/v1/me")).statusCode()).isEqualTo(401);
    HttpResponse<String> page = browser.get(url("/"));
    assertThat(Browser.location(page)).endsWith("/login");
    assertThat(Browser.location(browser.follow(page))).endsWith("/mfa/enrol");

    Enrolled admin = enrol(browser, afterPassword);
    assertThat(admin.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
    JsonNode me = JSON.readTree(browser.getJson(url("/api/v1/me")).body());
    assertThat(me.get("identity").asString()).isEqualTo("admin");
    assertThat(me.get("channel").asString()).isEqualTo("console");
    assertThat(me.get("roles").toString()).contains("admin");

    // The secret is stored encrypted with a key local mode generated for itself, readable by its owner only.
    String stored = jdbc.sql("select totp_secret from pitcrew_users where username = 'admin'")
        .query(String.class).single();
    assertThat(stored).isNotBlank().doesNotContain(admin.secret());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("encryption-key"))))
        .isEqualTo("rw-------");

    HttpResponse<String> loggedOut = browser.postForm(url("/logout"), Browser.form(admin.lastPage()));
    assertThat(Browser.location(loggedOut)).endsWith("/login?logout");
    assertThat(browser.getJson(url("/api/v1/me")).statusCode()).isEqualTo(401);
  }

  @Test
  void aTotpCodeIsAcceptedOnceAndARecoveryCodeOnce() throws Exception {
    createUser("bob", "bob@studio.example");
    Browser first = new Browser();
    Enrolled bob = enrol(first, password(first, "bob", PASSWORD));
    long enrolStep = jdbc.sql("select last_totp_step from pitcrew_users where username = 'bob'")
        .query(Long.class).single();

    Browser again = new Browser();
    password(again, "bob", PASSWORD);
    assertThat(verify(again, Totp.code(bob.secret(), enrolStep))).as("the enrolment's code again")
        .endsWith("/mfa/verify?error");
    assertThat(verify(again, Totp.code(bob.secret(), enrolStep + 1))).endsWith("/");
    JsonNode me = JSON.readTree(again.getJson(url("/api/v1/me")).body());
    assertThat(me.get("identity").asString()).as("email when set").isEqualTo("bob@studio.example");

    Browser third = new Browser();
    password(third, "bob", PASSWORD);
    assertThat(verify(third, Totp.code(bob.secret(), enrolStep + 1))).as("a code already used")
        .endsWith("/mfa/verify?error");
    assertThat(verify(third, bob.recoveryCodes().getFirst())).endsWith("/");
    assertThat(third.getJson(url("/api/v1/me")).statusCode()).isEqualTo(200);

    Browser fourth = new Browser();
    password(fourth, "bob", PASSWORD);
    assertThat(verify(fourth, bob.recoveryCodes().getFirst())).as("a used recovery code")
        .endsWith("/mfa/verify?error");
    assertThat(verify(fourth, bob.recoveryCodes().get(1).toUpperCase())).endsWith("/");
    assertThat(admin().get("/api/v1/users/bob").body().get("recoveryCodesLeft").asInt()).isEqualTo(8);
  }

  @Test
  void anAdminResetOfMfaEndsTheSessionsAndForcesReEnrolment() {
    createUser("carol", null);
    Browser carol = new Browser();
    enrol(carol, password(carol, "carol", PASSWORD));
    assertThat(carol.getJson(url("/api/v1/me")).statusCode()).isEqualTo(200);

    HttpApi.Response reset = admin().post("/api/v1/users/carol/reset-mfa", null);
    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.body().get("mfaEnrolled").asBoolean()).isFalse();
    assertThat(reset.body().get("sessionsEnded").asInt()).isEqualTo(1);
    assertThat(carol.getJson(url("/api/v1/me")).statusCode()).isEqualTo(401);

    assertThat(Browser.location(password(new Browser(), "carol", PASSWORD))).endsWith("/mfa/enrol");
  }

  @Test
  void failuresLockTheAccountWithTheSameAnswerAsAnUnknownOneUntilUnlocked() throws Exception {
    createUser("dave", null);
    for (int i = 0; i < 5; i++) {
      assertThat(Browser.location(password(new Browser(), "dave", "wrong password " + i))).endsWith("/login?error");
    }
    assertThat(Browser.location(password(new Browser(), "dave", PASSWORD))).as("locked")
        .endsWith("/login?error");
    assertThat(Browser.location(password(new Browser(), "nobody", PASSWORD))).as("unknown")
        .endsWith("/login?error");
    assertThat(admin().get("/api/v1/users/dave").body().get("locked").asBoolean()).isTrue();

    assertThat(admin().post("/api/v1/users/dave/unlock", null).body().get("locked").asBoolean()).isFalse();
    Browser dave = new Browser();
    enrol(dave, password(dave, "dave", PASSWORD));

    // Wrong codes count too: the fifth ends the login and locks the account.
    Browser guesser = new Browser();
    password(guesser, "dave", PASSWORD);
    for (int i = 0; i < 4; i++) {
      assertThat(verify(guesser, "00000" + i)).endsWith("/mfa/verify?error");
    }
    assertThat(verify(guesser, "000009")).endsWith("/login?error");
    assertThat(Browser.location(password(new Browser(), "dave", PASSWORD))).endsWith("/login?error");
  }

  @Test
  void userAnswersNeverCarryAPasswordHashTotpSecretOrRecoveryCode() throws Exception {
    HttpApi.Response created = admin().post("/api/v1/users",
        "{\"username\":\"erin\",\"email\":\"erin@studio.example\",\"roles\":[\"operator\"]}");
    assertThat(created.status()).isEqualTo(201);
    String generated = created.body().get("password").asString();
    assertThat(created.body().get("roles").toString()).contains("operator");
    Browser erin = new Browser();
    Enrolled enrolled = enrol(erin, password(erin, "erin", generated));
    assertThat(JSON.readTree(erin.getJson(url("/api/v1/me")).body()).get("roles").toString()).contains("operator");

    String users = admin().get("/api/v1/users").text();
    List<String> secrets = new ArrayList<>();
    jdbc.sql("select password_hash, totp_secret from pitcrew_users").query((rs, n) -> {
      secrets.add(rs.getString(1));
      if (rs.getString(2) != null) {
        secrets.add(rs.getString(2));
      }
      return n;
    }).list();
    secrets.addAll(jdbc.sql("select code_hash from pitcrew_recovery_codes").query(String.class).list());
    secrets.add(enrolled.secret());
    secrets.addAll(enrolled.recoveryCodes());
    secrets.add(generated);
    assertThat(secrets).hasSizeGreaterThan(12);
    for (String secret : secrets) {
      assertThat(users).doesNotContain(secret);
    }
    assertThat(users.toLowerCase()).doesNotContain("hash", "secret", "{bcrypt}");
    assertThat(users).contains("\"erin@studio.example\"", "\"mfaEnrolled\":true");
  }

  @Test
  void aPersonChangesTheirPasswordWithTheCurrentOne() {
    createUser("frank", null);
    Browser frank = new Browser();
    Enrolled enrolled = enrol(frank, password(frank, "frank", PASSWORD));
    String csrf = TestAuthorizationServer.csrfToken(enrolled.lastPage());

    assertThat(frank.postJson(url("/api/v1/me/password"),
        "{\"current\":\"not it at all\",\"next\":\"a brand new password\"}", csrf).statusCode()).isEqualTo(400);
    assertThat(frank.postJson(url("/api/v1/me/password"),
        "{\"current\":\"" + PASSWORD + "\",\"next\":\"a brand new password\"}", csrf).statusCode()).isEqualTo(200);
    assertThat(Browser.location(password(new Browser(), "frank", PASSWORD))).endsWith("/login?error");
    assertThat(Browser.location(password(new Browser(), "frank", "a brand new password"))).endsWith("/mfa/verify");
  }

  @Test
  void aSecondPitcrewOnTheSameDatabaseHonoursTheSession() throws Exception {
    createUser("gina", "gina@studio.example");
    Browser gina = new Browser();
    Enrolled enrolled = enrol(gina, password(gina, "gina", PASSWORD));

    String key = Files.readString(dataDir.resolve("encryption-key")).trim();
    HikariDataSource database = (HikariDataSource) dataSource;
    try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PitcrewApplication.class).properties(
        Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("spring.datasource.url", database.getJdbcUrl()),
            Map.entry("spring.datasource.username", database.getUsername()),
            Map.entry("spring.datasource.password", database.getPassword()),
            Map.entry("pitcrew.local.data-dir", secondDataDir.toString()),
            Map.entry("pitcrew.local.engine", "TEST_SERVER"),
            Map.entry("pitcrew.local.temporal-port", String.valueOf(FreePorts.next())),
            Map.entry("pitcrew.security.bootstrap.admin-token", LocalModeTestProperties.ADMIN_TOKEN),
            Map.entry("pitcrew.security.encryption-key", key),
            Map.entry("pitcrew.web.rate-limits.enabled", "false"))).run()) {
      int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
      // The browser sends the same SESSION cookie to the other instance (cookies are per host, not per port).
      HttpResponse<String> me = gina.getJson("http://127.0.0.1:" + secondPort + "/api/v1/me");
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(me.body()).get("identity").asString()).isEqualTo("gina@studio.example");

      // Logging out on the second ends the session on the first too.
      gina.postForm("http://127.0.0.1:" + secondPort + "/logout", Browser.form(enrolled.lastPage()));
      assertThat(gina.getJson(url("/api/v1/me")).statusCode()).isEqualTo(401);
    }
  }

  // --- helpers: a person at the login pages, and an authenticator app computing codes from the shown secret ---

  record Enrolled(String secret, List<String> recoveryCodes, String lastPage) {}

  private HttpResponse<String> password(Browser browser, String username, String password) {
    HttpResponse<String> form = browser.get(url("/login"));
    assertThat(form.statusCode()).isEqualTo(200);
    HttpResponse<String> answer =
        browser.postForm(url("/login"), Browser.form(form.body(), "username", username, "password", password));
    assertThat(answer.statusCode()).isEqualTo(303);
    return answer;
  }

  private Enrolled enrol(Browser browser, HttpResponse<String> afterPassword) {
    assertThat(Browser.location(afterPassword)).endsWith("/mfa/enrol");
    HttpResponse<String> page = browser.follow(afterPassword);
    Matcher secret = SECRET.matcher(page.body());
    assertThat(secret.find()).as(page.body()).isTrue();
    assertThat(page.body()).contains("src=\"data:image/png;base64,");
    String code = Totp.code(secret.group(1), Totp.step(Instant.now()));
    HttpResponse<String> codes = browser.postForm(url("/mfa/enrol"), Browser.form(page.body(), "code", code));
    assertThat(codes.statusCode()).as(codes.body()).isEqualTo(200);
    List<String> recovery = new ArrayList<>();
    Matcher m = RECOVERY_CODE.matcher(codes.body());
    while (m.find()) {
      recovery.add(m.group(1));
    }
    return new Enrolled(secret.group(1), recovery, page.body());
  }

  private String verify(Browser browser, String code) {
    HttpResponse<String> page = browser.get(url("/mfa/verify"));
    assertThat(page.statusCode()).isEqualTo(200);
    return Browser.location(browser.postForm(url("/mfa/verify"), Browser.form(page.body(), "code", code)));
  }

  private void createUser(String username, String email) {
    String json = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\""
        + (email == null ? "" : ",\"email\":\"" + email + "\"") + "}";
    assertThat(admin().post("/api/v1/users", json).status()).isEqualTo(201);
  }

  private HttpApi admin() {
    return new HttpApi(port);
  }
}
