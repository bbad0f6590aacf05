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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The standalone worker process, as deployed in cluster mode: a Temporal frontend and PostgreSQL it is given. */
@SpringBootTest(classes = PitcrewWorkersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
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

    assertThat(result.probe().databaseVersion()).startsWith("PostgreSQL 17");
    assertThat(jdbc.sql("select status from runs where workflow_id = 'selfcheck-standalone-worker'")
        .query(String.class).single()).isEqualTo("COMPLETED");
  }

  @Test
  void refusesToStartWithoutACluster() {
    TemporalProperties noTarget =
        new TemporalProperties(null, "default", null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
            TemporalProperties.SearchAttributeMode.AUTO, new TemporalProperties.Worker(true, 10, 10, Duration.ofSeconds(5)));

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
