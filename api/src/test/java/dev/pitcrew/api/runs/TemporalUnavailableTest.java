package dev.pitcrew.api.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Temporal down: the API says so with 503 and health DOWN, and nothing is half-started. */
// A context of its own, closed after the class: its embedded PostgreSQL lives in a @TempDir that JUnit deletes
// then, and a cached context would run on without its files for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TemporalUnavailableTest {
  @TempDir static Path dataDir;
  static final int NOTHING_LISTENS_HERE = FreePorts.next();

  @DynamicPropertySource
  static void deadCluster(DynamicPropertyRegistry registry) {
    registry.add("pitcrew.local.data-dir", () -> dataDir.toString());
    registry.add("pitcrew.temporal.target", () -> "127.0.0.1:" + NOTHING_LISTENS_HERE);
    // Nothing listens there: every call is refused at once and retried until the window closes, so the window is
    // what each call costs the test.
    registry.add("pitcrew.temporal.rpc-timeout", () -> "1s");
    registry.add("pitcrew.temporal.rpc-retry-window", () -> "1s");
    registry.add("pitcrew.temporal.worker.enabled", () -> "false");
    registry.add("pitcrew.security.bootstrap.admin-token", () -> LocalModeTestProperties.ADMIN_TOKEN);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void startingARunAnswers503AndGivesTheIdempotencyKeyBack() {
    HttpApi api = new HttpApi(port);

    Response response =
        api.post("/api/v1/runs", "{\"type\":\"self-check\"}", "Idempotency-Key", "while-temporal-is-down");

    assertThat(response.status()).as(response.text()).isEqualTo(503);
    assertThat(response.body().get("title").asString()).isEqualTo("Temporal unavailable");
    assertThat(response.body().get("detail").asString())
        .contains("127.0.0.1:" + NOTHING_LISTENS_HERE, "unreachable", "nothing was changed");
    assertThat(jdbc.sql("select count(*) from run_requests where idempotency_key = 'while-temporal-is-down'")
        .query(Integer.class).single()).isZero();
  }

  @Test
  void readingARunAnswers503() {
    HttpApi api = new HttpApi(port);

    assertThat(api.get("/api/v1/runs/selfcheck-anything").status()).isEqualTo(503);
    assertThat(api.post("/api/v1/runs/selfcheck-anything/cancel", null).status()).isEqualTo(503);
  }

  @Test
  void healthShowsTemporalDownWithAReason() {
    Response health = new HttpApi(port).get("/actuator/health");

    assertThat(health.status()).isEqualTo(503);
    JsonNode temporal = health.body().get("components").get("temporal");
    assertThat(temporal.get("status").asString()).isEqualTo("DOWN");
    assertThat(temporal.get("details").get("reason").asString()).contains("did not answer: UNAVAILABLE");
    assertThat(temporal.get("details").get("engine").asString()).isEqualTo("cluster");
    assertThat(health.body().get("components").get("db").get("status").asString()).isEqualTo("UP");
    assertThat(health.text()).doesNotContain("Exception", "\tat ");
  }
}
