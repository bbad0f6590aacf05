package dev.pitcrew.workers.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation against a real Temporal (the SDK's test server): runs written under key 1 stay readable once key 2 is
 * added and made primary, and everything written after says key 2.
 */
class KeyRotationTest {
  static final String KEY_1 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  static final String KEY_2 = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());
  static final String QUEUE = "rotation";
  static final String ROTATED_QUEUE = "rotation-after";

  @WorkflowInterface
  public interface EchoWorkflow {
    @WorkflowMethod
    String echo(String text);
  }

  public static class EchoWorkflowImpl implements EchoWorkflow {
    @Override
    public String echo(String text) {
      return "echo " + text;
    }
  }

  TestWorkflowEnvironment environment;

  @AfterEach
  void close() {
    environment.close();
  }

  @Test
  void oldHistoriesDecodeAfterRotationAndNewPayloadsUseTheNewKey() {
    KeyRing beforeRotation = ring(Map.of("k1", KEY_1), "k1");
    environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(options(beforeRotation)).build());
    Worker worker = environment.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(EchoWorkflowImpl.class);
    environment.start();
    WorkflowClient oldClient = environment.getWorkflowClient();
    assertThat(start(oldClient, "before-rotation", "written under key one")).isEqualTo("echo written under key one");

    KeyRing afterRotation = ring(Map.of("k1", KEY_1, "k2", KEY_2), "k2");
    WorkflowClient newClient = WorkflowClient.newInstance(environment.getWorkflowServiceStubs(), options(afterRotation));
    AesGcmPayloadCodec rotated = new AesGcmPayloadCodec(afterRotation);

    Payload oldInput = input(newClient, "before-rotation");
    assertThat(keyId(oldInput)).isEqualTo("k1");
    assertThat(rotated.decode(List.of(oldInput)).getFirst().getData().toStringUtf8())
        .isEqualTo("\"written under key one\"");
    assertThat(newClient.newUntypedWorkflowStub("before-rotation").getResult(String.class))
        .isEqualTo("echo written under key one");

    // The rotated process's own worker runs the next workflow: everything it writes is under key 2.
    WorkerFactory rotatedWorkers = WorkerFactory.newInstance(newClient);
    rotatedWorkers.newWorker(ROTATED_QUEUE).registerWorkflowImplementationTypes(EchoWorkflowImpl.class);
    rotatedWorkers.start();
    try {
      assertThat(newClient.newWorkflowStub(EchoWorkflow.class, WorkflowOptions.newBuilder()
              .setWorkflowId("after-rotation").setTaskQueue(ROTATED_QUEUE).build()).echo("written under key two"))
          .isEqualTo("echo written under key two");
    } finally {
      rotatedWorkers.shutdownNow();
    }
    Payload newInput = input(newClient, "after-rotation");
    assertThat(keyId(newInput)).isEqualTo("k2");
    assertThat(rotated.decode(List.of(newInput)).getFirst().getData().toStringUtf8())
        .isEqualTo("\"written under key two\"");
    Payload newResult = newClient.fetchHistory("after-rotation").getLastEvent()
        .getWorkflowExecutionCompletedEventAttributes().getResult().getPayloads(0);
    assertThat(keyId(newResult)).isEqualTo("k2");
  }

  private static String start(WorkflowClient client, String id, String text) {
    return client.newWorkflowStub(EchoWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build()).echo(text);
  }

  private static Payload input(WorkflowClient client, String workflowId) {
    HistoryEvent started = client.fetchHistory(workflowId).getEvents().getFirst();
    return started.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
  }

  private static String keyId(Payload payload) {
    assertThat(payload.getMetadataOrThrow(AesGcmPayloadCodec.METADATA_ENCODING).toString(StandardCharsets.UTF_8))
        .isEqualTo(AesGcmPayloadCodec.ENCODING);
    return payload.getMetadataOrThrow(AesGcmPayloadCodec.METADATA_KEY_ID).toStringUtf8();
  }

  static KeyRing ring(Map<String, String> keys, String primary) {
    return KeyRing.from(new PayloadEncryptionProperties(keys, primary,
        new PayloadEncryptionProperties.CodecServer(List.of())));
  }

  private static WorkflowClientOptions options(KeyRing keys) {
    return WorkflowClientOptions.newBuilder()
        .setDataConverter(new CodecDataConverter(
            DefaultDataConverter.STANDARD_INSTANCE, List.of(new AesGcmPayloadCodec(keys)), true))
        .build();
  }
}
