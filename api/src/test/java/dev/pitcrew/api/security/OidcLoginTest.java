package dev.pitcrew.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.api.support.LocalModeTestProperties;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Browser login and bearer JWTs against a real IdP (Spring Authorization Server in the test): the code flow with
 * PKCE ends in a Pitcrew session named by the email claim with the IdP groups mapped to roles; its access tokens
 * are accepted as bearer tokens, and tokens from another issuer, signed with another key, for another audience or
 * expired are refused.
 */
// A context of its own, closed after the class: its embedded PostgreSQL lives in a @TempDir that JUnit deletes
// then, and a cached context would run on without its files for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OidcLoginTest {
  @TempDir static Path dataDir;
  static final int PORT = FreePorts.next();
  static final String PITCREW = "http://127.0.0.1:" + PORT;
  static final TestAuthorizationServer IDP =
      TestAuthorizationServer.start(FreePorts.next(), PITCREW + "/login/oauth2/code/oidc");
  /** Another IdP: its tokens are well-formed and signed, just not by the issuer Pitcrew trusts. */
  static final TestAuthorizationServer OTHER_IDP =
      TestAuthorizationServer.start(FreePorts.next(), PITCREW + "/login/oauth2/code/oidc");
  static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, dataDir);
    registry.add("server.port", () -> PORT);
    // These tests log in many times from one address; the per-address login limit is tested with the web protections.
    registry.add("pitcrew.web.rate-limits.enabled", () -> "false");
    registry.add("pitcrew.security.oidc.issuer-uri", IDP::issuer);
    registry.add("pitcrew.security.oidc.client-id", () -> TestAuthorizationServer.CLIENT_ID);
    registry.add("pitcrew.security.oidc.client-secret", () -> TestAuthorizationServer.CLIENT_SECRET);
    registry.add("pitcrew.security.oidc.role-mapping[studio-operators]", () -> "operator");
    registry.add("pitcrew.security.jwt.issuer-uri", IDP::issuer);
    registry.add("pitcrew.security.jwt.audience", () -> TestAuthorizationServer.CLIENT_ID);
    registry.add("pitcrew.security.jwt.role-mapping[studio-operators]", () -> "operator");
  }

  @AfterAll
  static void stopIdps() {
    IDP.close();
    OTHER_IDP.close();
  }

  @Test
  void codeFlowWithPkceEndsInASessionNamedByTheEmailClaimWithMappedRoles() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> toIdp = browser.get(PITCREW + "/oauth2/authorization/oidc");
    assertThat(toIdp.statusCode()).isEqualTo(302);
    String authorize = Browser.location(toIdp);
    assertThat(authorize).startsWith(IDP.issuer() + "/oauth2/authorize")
        .contains("code_challenge=", "code_challenge_method=S256", "client_id=" + TestAuthorizationServer.CLIENT_ID);

    HttpResponse<String> toLogin = browser.get(authorize);
    HttpResponse<String> loginPage = browser.follow(toLogin);
    assertThat(loginPage.statusCode()).isEqualTo(200);
    HttpResponse<String> loggedIn = browser.postForm(IDP.issuer() + "/login", Browser.form(loginPage.body(),
        "username", TestAuthorizationServer.USERNAME, "password", TestAuthorizationServer.PASSWORD));
    HttpResponse<String> withCode = browser.follow(loggedIn);
    String callback = Browser.location(withCode);
    assertThat(callback).startsWith(PITCREW + "/login/oauth2/code/oidc?code=");

    HttpResponse<String> home = browser.get(callback);
    assertThat(home.statusCode()).isEqualTo(302);
    assertThat(Browser.location(home)).doesNotContain("error");
    assertThat(browser.cookie(PITCREW, "SESSION")).isNotBlank();

    HttpResponse<String> me = browser.getJson(PITCREW + "/api/v1/me");
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(me.body());
    assertThat(body.get("identity").asString()).isEqualTo(TestAuthorizationServer.EMAIL);
    assertThat(body.get("channel").asString()).isEqualTo("console");
    assertThat(body.get("roles").toString()).contains("operator", "viewer");

    // Logout ends the Pitcrew session and sends the browser to the IdP to end its session too.
    HttpResponse<String> logoutPage = browser.get(PITCREW + "/logout");
    HttpResponse<String> loggedOut = browser.postForm(PITCREW + "/logout", Browser.form(logoutPage.body()));
    assertThat(Browser.location(loggedOut)).startsWith(IDP.issuer() + "/connect/logout?id_token_hint=")
        .contains("post_logout_redirect_uri=");
    assertThat(browser.getJson(PITCREW + "/api/v1/me").statusCode()).isEqualTo(401);
  }

  @Test
  void anAccessTokenOfTheTrustedIssuerIsABearerCredential() throws Exception {
    Browser client = new Browser();
    HttpResponse<String> me = client.withBearer(PITCREW + "/api/v1/me", IDP.clientCredentialsToken());
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(me.body());
    assertThat(body.get("identity").asString()).isEqualTo(TestAuthorizationServer.MACHINE_EMAIL);
    assertThat(body.get("channel").asString()).isEqualTo("rest");
    assertThat(body.get("roles").toString()).contains("operator");

    // A token the test signs with the IdP's own key is accepted too: the refusals below differ in one thing each.
    assertThat(client.withBearer(PITCREW + "/api/v1/me", IDP.sign(IDP.issuer(), TestAuthorizationServer.CLIENT_ID,
        Instant.now().plus(Duration.ofMinutes(5)))).statusCode()).isEqualTo(200);
  }

  @Test
  void tokensOfAnotherIssuerKeyOrAudienceAndExpiredTokensAreRefused() {
    Browser client = new Browser();
    Instant later = Instant.now().plus(Duration.ofMinutes(5));
    assertThat(client.withBearer(PITCREW + "/api/v1/me", OTHER_IDP.clientCredentialsToken()).statusCode())
        .as("issued by another authorization server").isEqualTo(401);
    assertThat(client.withBearer(PITCREW + "/api/v1/me", OTHER_IDP.sign(IDP.issuer(),
        TestAuthorizationServer.CLIENT_ID, later)).statusCode())
        .as("claims the trusted issuer, signed with another server's key").isEqualTo(401);
    assertThat(client.withBearer(PITCREW + "/api/v1/me", IDP.signWithForeignKey()).statusCode())
        .as("self-signed").isEqualTo(401);
    assertThat(client.withBearer(PITCREW + "/api/v1/me", IDP.sign(IDP.issuer(), "someone-else", later))
        .statusCode()).as("wrong audience").isEqualTo(401);
    // Expired beyond the decoder's 60 s clock-skew allowance (a 1 s token would need a minute's wait to fail).
    assertThat(client.withBearer(PITCREW + "/api/v1/me", IDP.sign(IDP.issuer(), TestAuthorizationServer.CLIENT_ID,
        Instant.now().minus(Duration.ofMinutes(2)))).statusCode()).as("expired").isEqualTo(401);
  }

  @Test
  void theLoginPageOffersSingleSignOn() {
    HttpResponse<String> page = new Browser().get(PITCREW + "/login");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("href=\"/oauth2/authorization/oidc\"", "name=\"_csrf\"");
  }
}
