package dev.pitcrew.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.workers.temporal.TemporalProperties;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.selfcheck.SelfCheckInput;
import dev.pitcrew.workflows.selfcheck.SelfCheckResult;
import dev.pitcrew.workflows.selfcheck.SelfCheckWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The standalone worker process, as deployed in cluster mode (the workers image): a Temporal frontend and PostgreSQL
 * it is given.
 */
@SpringBootTest(classes = PitcrewWorkersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PitcrewWorkersApplicationTest {
  static final int TEMPORAL_PORT = freePort();
  // Left running until the JVM exits: the cached Spring context (and its pollers) outlives this class.
  static final TestServer.PortBoundTestServer TEMPORAL = TestServer.createPortBoundServer(TEMPORAL_PORT, true);
  static final EmbeddedPostgres POSTGRES = startPostgres();

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    registry.add("pitcrew.temporal.target", () -> "127.0.0.1:" + TEMPORAL_PORT);
    registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
  }

  @Autowired WorkflowClient client;
  @Autowired JdbcClient jdbc;
  @LocalServerPort int port;

  @Test
  void runsWorkflowsStartedByAnotherClient() {
    SelfCheckWorkflow run =
        client.newWorkflowStub(
            SelfCheckWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("selfcheck-standalone-worker")
                .setTaskQueue(TaskQueues.OPERATIONS)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                .build());

    SelfCheckResult result = run.check(new SelfCheckInput("standalone", 0, false, 0));

    assertThat(result.probe().databaseVersion()).startsWith("PostgreSQL 15");
    assertThat(jdbc.sql("select status from runs where workflow_id = 'selfcheck-standalone-worker'")
        .query(String.class).single()).isEqualTo("COMPLETED");
  }

  /** What the Helm chart's probes and ServiceMonitor call on a worker pod: all of it, and nothing else. */
  @Test
  void servesProbesAndMetricsOnly() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> readiness = get(http, "/actuator/health/readiness");
      assertThat(readiness.statusCode()).isEqualTo(200);
      assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(get(http, "/actuator/health/liveness").statusCode()).isEqualTo(200);
      assertThat(get(http, "/actuator/prometheus").body()).contains("application=\"pitcrew\"");
      assertThat(get(http, "/actuator/env").statusCode()).isEqualTo(404);
      assertThat(get(http, "/api/v1/runs").statusCode()).isEqualTo(404);
    }
  }

  private HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refusesToStartWithoutACluster() {
    TemporalProperties noTarget =
        new TemporalProperties(null, "default", null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
            TemporalProperties.SearchAttributeMode.AUTO, new TemporalProperties.Worker(true, 10, 10, Duration.ofSeconds(5), 0, 100, 0, 0, true,
            Duration.ofSeconds(5), TemporalProperties.StickyMode.AUTO));

    assertThatThrownBy(() -> new PitcrewWorkersApplication().temporalEndpoint(noTarget))
        .hasMessageContaining("set PITCREW_TEMPORAL_TARGET");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedPostgres startPostgres() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
