package dev.pitcrew.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The API while no worker polls (all workers down, or being redeployed): incidents can still be declared and
 * steered, since both only need Temporal, and reading one says plainly what it can and cannot know.
 */
// A context of its own, closed after the class: its embedded PostgreSQL lives in a @TempDir that JUnit deletes
// then, and a cached context would run on without its files for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IncidentWorkerOutageTest {
  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void localModeWithoutWorkers(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, dataDir);
    registry.add("pitcrew.temporal.worker.enabled", () -> "false");
  }

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;

  @Test
  void declaringAndSteeringNeedNoWorkerAndReadsSayWhatTheyCannotKnow() {
    HttpApi api = new HttpApi(port);
    Response declared = Callers.as(api, tokens, "carol").post("/api/v1/incidents", """
        {"title":"Login queue stuck","service":"game-api","severity":"SEV2"}""");
    assertThat(declared.status()).as(declared.text()).isEqualTo(201);
    String id = declared.body().get("incidentId").asString();

    Response note = Callers.as(api, tokens, "alice").post("/api/v1/incidents/" + id + "/notes", """
        {"text":"Workers are being redeployed"}""");
    assertThat(note.status()).as(note.text()).isEqualTo(202);

    Response status = api.get("/api/v1/incidents/" + id);
    assertThat(status.status()).as(status.text()).isEqualTo(503);
    assertThat(status.body().get("detail").asString())
        .contains("is a worker polling the operations task queue?")
        .contains("not recorded yet");

    Response timeline = api.get("/api/v1/incidents/" + id + "/timeline");
    assertThat(timeline.status()).as(timeline.text()).isEqualTo(200);
    JsonNode body = timeline.body();
    assertThat(body.get("answeredBy").asString()).isEqualTo("history");
    assertThat(body.get("note").asString()).contains("signals the incident received");
    List<String> received = body.get("entries").valueStream()
        .map(e -> e.get("actor").asString() + ": " + e.get("text").asString()).toList();
    assertThat(received).anyMatch(line -> line.startsWith("carol: ")).contains("alice: Workers are being redeployed");
  }
}
