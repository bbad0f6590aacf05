package dev.pitcrew.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The body limit, the rate limits and the access log over real HTTP, in one context. The loopback address is a
 * trusted proxy here, so each test speaks from addresses of its own through {@code X-Forwarded-For} and no test
 * spends another's budget.
 */
// A context of its own, closed after the class: its embedded PostgreSQL lives in a @TempDir that JUnit deletes
// then, and a cached context would run on without its files for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebProtectionTest {
  private static final String FORWARDED = "X-Forwarded-For";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, dataDir);
    registry.add("pitcrew.web.rate-limits.enabled", () -> "true");
    registry.add("pitcrew.web.trusted-proxies", () -> "127.0.0.1");
    registry.add("pitcrew.web.rate-limits.per-address", () -> "3/1h");
    registry.add("pitcrew.web.rate-limits.login", () -> "2/1h");
    registry.add("pitcrew.web.rate-limits.per-principal", () -> "3/1h");
  }

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;

  private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

  @BeforeEach
  void captureAccessLog() {
    accessLog.start();
    Logger logger = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER);
    logger.setLevel(Level.INFO); // the test logback configuration keeps everything at WARN
    logger.addAppender(accessLog);
  }

  @AfterEach
  void releaseAccessLog() {
    ((Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER)).detachAppender(accessLog);
  }

  @Test
  void aTwoMegabyteRunRequestIsRefusedBeforeARunStarts() {
    HttpApi api = caller();

    Response refused = api.postBytes("/api/v1/runs", runRequestOf(2_000_000), FORWARDED, "10.0.0.1");

    assertThat(refused.status()).isEqualTo(413);
    assertTooLargeProblem(refused);
    Response runs = api.get("/api/v1/runs", FORWARDED, "10.0.0.1");
    assertThat(runs.status()).isEqualTo(200);
    assertThat(runs.body().get("items")).isEmpty();
  }

  @Test
  void aChunkedBodyIsCutOffAtTheLimit() {
    Response refused =
        caller().postChunked("/api/v1/runs", runRequestOf(2_000_000), FORWARDED, "10.0.0.2");

    assertThat(refused.status()).isEqualTo(413);
    assertTooLargeProblem(refused);
  }

  @Test
  void aChunkedBodyWithinTheLimitReachesTheController() {
    byte[] unknownType = "{\"type\":\"no-such-run-type\"}".getBytes(StandardCharsets.UTF_8);

    Response answer = caller().postChunked("/api/v1/runs", unknownType, FORWARDED, "10.0.0.3");

    assertThat(answer.status()).isEqualTo(400);
  }

  @Test
  void theJiraWebhookIsBoundedByTheGlobalLimit() {
    Response refused =
        caller().postChunked("/api/v1/hooks/jira", runRequestOf(2_000_000), FORWARDED, "10.0.0.4");

    assertThat(refused.status()).isEqualTo(413);
    assertTooLargeProblem(refused);
  }

  @Test
  void aBurstBeyondTheAddressLimitIsAnsweredWithRetryAfter() {
    HttpApi api = caller();
    for (int i = 0; i < 3; i++) {
      assertThat(api.get("/api/v1/runs", FORWARDED, "10.0.1.1").status()).isEqualTo(200);
    }

    Response limited = api.get("/api/v1/runs", FORWARDED, "10.0.1.1");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(limited.body().get("title").asString()).isEqualTo("Too many requests");
    assertThat(limited.body().get("detail").asString()).contains("PITCREW_WEB_RATELIMITS_PERADDRESS");
    // 3 an hour: the next token is back in 20 minutes.
    long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1190L, 1200L);
    assertThat(caller().get("/api/v1/runs", FORWARDED, "10.0.1.2").status())
        .as("another address has its own bucket")
        .isEqualTo(200);
  }

  @Test
  void tokenEndpointsHaveAStricterLimitEvenBeforeTheyExist() {
    HttpApi api = caller();
    for (int i = 0; i < 2; i++) {
      assertThat(api.postBytes("/api/v1/tokens", "{}".getBytes(StandardCharsets.UTF_8), FORWARDED, "10.0.2.1")
          .status()).isNotEqualTo(429);
    }

    Response limited =
        api.postBytes("/api/v1/tokens", "{}".getBytes(StandardCharsets.UTF_8), FORWARDED, "10.0.2.1");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().get("detail").asString()).contains("PITCREW_WEB_RATELIMITS_LOGIN");
    assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
    assertThat(api.get("/api/v1/runs", FORWARDED, "10.0.2.1").status())
        .as("the general limit is a separate bucket")
        .isEqualTo(200);
  }

  @Test
  void healthIsNeverLimited() {
    HttpApi api = caller();
    for (int i = 0; i < 5; i++) {
      assertThat(api.get("/actuator/health/ping", FORWARDED, "10.0.3.1").status()).isNotEqualTo(429);
    }
  }

  @Test
  void aPrincipalIsLimitedAcrossAddressesAndNamedInTheAccessLogWithoutItsCredentials() {
    HttpApi api = new HttpApi(port);
    String secret = tokens.issue("alice-web", "service", "alice@example.com", List.of("viewer"), null, null, "test")
        .secret();
    api = api.as(secret);
    String[] credentials = {"Cookie", "SESSION=secret-cookie-value"};
    for (int i = 1; i <= 3; i++) {
      assertThat(api.get("/api/v1/runs?page=0&size=7", with(credentials, FORWARDED, "10.0.4." + i)).status())
          .isEqualTo(200);
    }

    Response limited = api.get("/api/v1/runs?page=0&size=7", with(credentials, FORWARDED, "10.0.4.4"));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().get("detail").asString()).contains("PITCREW_WEB_RATELIMITS_PERPRINCIPAL");
    List<String> lines = await().atMost(Duration.ofSeconds(5))
        .until(this::accessLines, l -> l.stream().filter(s -> s.contains("address=10.0.4.")).count() == 4);
    assertThat(lines).filteredOn(s -> s.contains("address=10.0.4."))
        .allSatisfy(line -> assertThat(line)
            .contains("method=GET", "path=/api/v1/runs", "query=page,size", "principal=alice@example.com")
            .doesNotContain("size=7", secret, "secret-cookie-value", "Bearer"))
        .anySatisfy(line -> assertThat(line).contains("status=429", "address=10.0.4.4"))
        .anySatisfy(line -> assertThat(line).contains("status=200", "address=10.0.4.1"));
  }

  @Test
  void anAnonymousRequestIsLoggedAsAnonymous() {
    new HttpApi(port, null).get("/api/v1/runs", FORWARDED, "10.0.5.1");

    List<String> lines = await().atMost(Duration.ofSeconds(5))
        .until(this::accessLines, l -> l.stream().anyMatch(s -> s.contains("address=10.0.5.1")));
    assertThat(lines).filteredOn(s -> s.contains("address=10.0.5.1"))
        .singleElement().asString().contains("principal=anonymous", "status=401");
  }

  /** A caller of its own, so no test spends another's per-principal budget. */
  private HttpApi caller() {
    String secret = tokens.issue("web-" + System.nanoTime(), "service", "web-test-" + System.nanoTime(),
        List.of("admin"), null, null, "test").secret();
    return new HttpApi(port, secret);
  }

  private List<String> accessLines() {
    return List.copyOf(accessLog.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static String[] with(String[] headers, String... more) {
    String[] all = new String[headers.length + more.length];
    System.arraycopy(headers, 0, all, 0, headers.length);
    System.arraycopy(more, 0, all, headers.length, more.length);
    return all;
  }

  private static byte[] runRequestOf(int bytes) {
    String pad = "x".repeat(bytes);
    return ("{\"type\":\"self-check\",\"input\":{\"pad\":\"" + pad + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  private static void assertTooLargeProblem(Response refused) {
    assertThat(refused.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    // Spring's own problem responses leave out the default type; absent means about:blank (RFC 9457, 3.1.1).
    JsonNode type = refused.body().get("type");
    assertThat(type == null ? "about:blank" : type.asString()).isEqualTo("about:blank");
    assertThat(refused.body().get("title").asString()).isEqualTo("Payload too large");
    assertThat(refused.body().get("status").asInt()).isEqualTo(413);
    assertThat(refused.body().get("detail").asString())
        .isEqualTo("The request body is larger than 1 MB (PITCREW_WEB_MAXBODYBYTES)");
  }
}
