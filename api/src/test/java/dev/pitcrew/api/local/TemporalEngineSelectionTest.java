package dev.pitcrew.api.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.workers.temporal.TemporalProperties;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalEngineSelectionTest {
  @TempDir Path dir;

  private static TemporalProperties temporal(String target, Path cli) {
    return new TemporalProperties(
        target, "default", cli, null, null, Duration.ofSeconds(2), Duration.ofSeconds(2),
        TemporalProperties.SearchAttributeMode.AUTO, new TemporalProperties.Worker(true, 100, 10, Duration.ofSeconds(5), 0, 100, 0, 0, true,
            Duration.ofSeconds(5), TemporalProperties.StickyMode.AUTO));
  }

  private LocalModeProperties local(int port, int uiPort, LocalModeProperties.Engine engine) {
    return new LocalModeProperties(dir.resolve("data"), port, uiPort, 0, Duration.ofSeconds(3), engine);
  }

  /** A stand-in `temporal` CLI: records its arguments, then exits like a broken install would. */
  private Path standInCli(Path argsFile) throws Exception {
    Path cli = dir.resolve("bin").resolve("temporal");
    Files.createDirectories(cli.getParent());
    Files.writeString(cli, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + argsFile + "'\necho 'stand-in refuses to serve' >&2\nexit 3\n");
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
    return cli;
  }

  @Test
  void aConfiguredTargetMeansClusterModeAndNoEngine() throws Exception {
    try (TemporalEngine engine =
        new TemporalEngineConfiguration()
            .temporalEngine(temporal("temporal.prod:7233", null), local(FreePorts.next(), 8233,
                LocalModeProperties.Engine.AUTO))) {
      assertThat(engine.endpoint().engine()).isEqualTo("cluster");
      assertThat(engine.endpoint().target()).isEqualTo("temporal.prod:7233");
      assertThat(engine.process()).isNull();
    }
  }

  @Test
  void aTemporalCliRunsTheDevServerWithSqliteUnderTheDataDirectoryAndTheUi() throws Exception {
    Path argsFile = dir.resolve("args.txt");
    Path cli = standInCli(argsFile);
    int port = FreePorts.next();
    int uiPort = FreePorts.next();

    assertThatThrownBy(
            () -> new TemporalEngineConfiguration()
                .temporalEngine(temporal(null, cli), local(port, uiPort, LocalModeProperties.Engine.AUTO)))
        .hasMessageContaining("Temporal dev server");

    List<String> args = Files.readAllLines(argsFile);
    assertThat(args).containsSequence("server", "start-dev");
    assertThat(args).containsSequence("--port", String.valueOf(port));
    assertThat(args).containsSequence("--ip", "127.0.0.1");
    assertThat(args).containsSequence("--ui-port", String.valueOf(uiPort));
    assertThat(args)
        .containsSequence("--db-filename", dir.resolve("data/temporal/temporal.db").toAbsolutePath().toString());
    assertThat(args).doesNotContain("--headless");
  }

  @Test
  void devServerModeWithoutACliFailsClearly() {
    assertThatThrownBy(
            () -> new TemporalEngineConfiguration("/nonexistent")
                .temporalEngine(temporal(null, null), local(FreePorts.next(), 8233,
                    LocalModeProperties.Engine.DEV_SERVER)))
        .hasMessageContaining("no temporal CLI was found on PATH or at PITCREW_TEMPORAL_CLI");
  }

  @Test
  void aTakenPortIsNamedWithTheSettingToChange() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      assertThatThrownBy(
              () -> new TemporalEngineConfiguration("/nonexistent")
                  .temporalEngine(temporal(null, null),
                      local(taken.getLocalPort(), 8233, LocalModeProperties.Engine.AUTO)))
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("PITCREW_LOCAL_TEMPORALPORT");
    }
  }

  @Test
  void aConfiguredCliThatIsNotExecutableIsNamed() {
    Path missing = dir.resolve("no-such-temporal");

    assertThatThrownBy(() -> TemporalCliLocator.locate(missing, "/usr/bin"))
        .hasMessageContaining("PITCREW_TEMPORAL_CLI points at " + missing);
  }

  @Test
  void theCliIsFoundOnPath() throws Exception {
    Path cli = standInCli(dir.resolve("unused"));

    assertThat(TemporalCliLocator.locate(null, "/nonexistent:" + cli.getParent())).contains(cli);
    assertThat(TemporalCliLocator.locate(null, "/nonexistent")).isEmpty();
  }

  @Test
  void withoutACliOnPathTheTestServerServesRealGrpc() throws Exception {
    int port = FreePorts.next();
    try (TemporalEngine engine =
        new TemporalEngineConfiguration("/nonexistent")
            .temporalEngine(temporal(null, null), local(port, 8233, LocalModeProperties.Engine.AUTO))) {
      assertThat(engine.endpoint().engine()).isEqualTo("test-server");
      assertThat(engine.endpoint().persistent()).isFalse();
      assertThat(engine.endpoint().uiUrl()).isNull();
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        assertThat(socket.isConnected()).isTrue();
      }
    }
    assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
        .isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void theTestServerServesThisProcessInProcessAndToolsTheSameEngineOnThePort() throws Exception {
    int port = FreePorts.next();
    try (TemporalEngine engine =
        new TemporalEngineConfiguration("/nonexistent")
            .temporalEngine(temporal(null, null), local(port, 8233, LocalModeProperties.Engine.TEST_SERVER))) {
      assertThat(engine.endpoint().inProcessChannel()).isNotNull();
      WorkflowServiceStubs inProcess = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setChannel(engine.endpoint().inProcessChannel()).build());
      WorkflowServiceStubs tool = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
      try {
        WorkflowExecution started = WorkflowClient.newInstance(inProcess)
            .newUntypedWorkflowStub("Probe", WorkflowOptions.newBuilder()
                .setWorkflowId("in-process-probe").setTaskQueue("nobody-polls").build())
            .start();

        assertThat(tool.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default").setExecution(started).build())
            .getWorkflowExecutionInfo().getStatus())
            .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      } finally {
        inProcess.shutdownNow();
        tool.shutdownNow();
      }
    }
  }

  @Test
  void withoutTheInProcessChannelThisProcessUsesThePortLikeAnyTool() throws Exception {
    LocalModeProperties overThePort = new LocalModeProperties(dir.resolve("data"), FreePorts.next(), 8233, 0,
        Duration.ofSeconds(3), LocalModeProperties.Engine.TEST_SERVER, false, false);
    try (TemporalEngine engine =
        new TemporalEngineConfiguration("/nonexistent").temporalEngine(temporal(null, null), overThePort)) {
      assertThat(engine.endpoint().engine()).isEqualTo("test-server");
      assertThat(engine.endpoint().inProcessChannel()).isNull();
    }
  }
}
