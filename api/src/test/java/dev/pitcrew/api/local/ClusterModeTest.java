package dev.pitcrew.api.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.workers.temporal.TemporalEndpoint;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cluster mode against a separately started Temporal frontend: no embedded engine starts, and runs execute on
 * the configured one.
 */
// A context of its own, closed after the class: its embedded PostgreSQL lives in a @TempDir that JUnit deletes
// then, and a cached context would run on without its files for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClusterModeTest {
  @TempDir static Path dataDir;
  static final int CLUSTER_PORT = FreePorts.next();
  static final int LOCAL_ENGINE_PORT = FreePorts.next();
  // Left running until the JVM exits: the cached Spring context (and its pollers) outlives this class.
  static final TestServer.PortBoundTestServer CLUSTER = TestServer.createPortBoundServer(CLUSTER_PORT, true);

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    registry.add("pitcrew.local.data-dir", () -> dataDir.toString());
    registry.add("pitcrew.local.temporal-port", () -> LOCAL_ENGINE_PORT);
    registry.add("pitcrew.temporal.target", () -> "127.0.0.1:" + CLUSTER_PORT);
    registry.add("pitcrew.temporal.namespace", () -> "default");
    // Cluster mode has no default credentials: the first admin token comes from configuration (a Secret).
    registry.add("pitcrew.security.bootstrap.admin-token", () -> LocalModeTestProperties.ADMIN_TOKEN);
  }

  @LocalServerPort int port;
  @Autowired TemporalEndpoint endpoint;

  @Test
  void startsNoEmbeddedEngineAndRunsExecuteOnTheCluster() {
    assertThat(endpoint.engine()).isEqualTo("cluster");
    assertThat(endpoint.target()).isEqualTo("127.0.0.1:" + CLUSTER_PORT);
    assertThatThrownBy(() -> new Socket("127.0.0.1", LOCAL_ENGINE_PORT).close()).isInstanceOf(ConnectException.class);

    HttpApi api = new HttpApi(port);
    String id =
        api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"on the cluster\"}}")
            .body()
            .get("workflowId")
            .asString();

    WorkflowServiceStubs direct =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + CLUSTER_PORT).build());
    try {
      WorkflowClient cluster = WorkflowClient.newInstance(direct);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.newUntypedWorkflowStub(id).describe().getStatus()
              == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertThat(cluster.fetchHistory(id).getEvents()).isNotEmpty();
    } finally {
      direct.shutdown();
    }
    assertThat(api.get("/api/v1/runs/" + id).body().get("status").asString()).isEqualTo("COMPLETED");
  }

}
