package dev.pitcrew.activities.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.kubernetes.KubernetesMode;
import dev.pitcrew.activities.kubernetes.KubernetesTarget;
import dev.pitcrew.workflows.remediation.ActionReport;
import dev.pitcrew.workflows.remediation.ActionRequest;
import dev.pitcrew.workflows.remediation.ActionType;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.RiskLevel;
import dev.pitcrew.workflows.remediation.RunbookStep;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The typed actions against fabric8's mock API server. A retry after a crash (the action ran, the worker died
 * before reporting it) calls the action again with the same key: the recorded requests show it writes nothing the
 * second time.
 */
@EnableKubernetesMockClient(crud = true)
class RemediationActionsTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private RemediationActions actions;

  @BeforeEach
  void setUp() {
    actions = new RemediationActions(client, new KubernetesTarget(KubernetesMode.SANDBOX, "mock", "test"));
    client.apps().deployments().inNamespace("games").resource(new DeploymentBuilder()
        .withNewMetadata().withName("game-server").addToLabels(ServicePods.APP_LABEL, "game-server").endMetadata()
        .withNewSpec().withReplicas(3).withNewTemplate().withNewMetadata().endMetadata()
        .withNewSpec().addNewContainer().withName("gs").withImage("gs:v1").endContainer().endSpec().endTemplate()
        .endSpec().build()).createOr(op -> op.update());
    drain();
  }

  /** The write requests the mock server received since the last call. */
  private List<String> drain() {
    List<String> writes = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
        if (!request.getMethod().equals("GET")) {
          writes.add(request.getMethod() + " " + request.getPath());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return writes;
  }

  private static ActionRequest request(String key, ActionType action, Map<String, String> params,
      RemediationTarget target) {
    return new ActionRequest(key, new RunbookStep("step", action, RiskLevel.LOW, params), target);
  }

  private static final RemediationTarget SERVICE = new RemediationTarget("game-server", "games", null, null);

  @Test
  void aRestartRetriedAfterACrashIsRecognisedByItsAnnotationAndNotRepeated() {
    ActionReport first = actions.perform(request("remediation-x:run#1.1", ActionType.ROLLOUT_RESTART, Map.of(), SERVICE));
    assertThat(first.repeated()).isFalse();
    assertThat(drain()).hasSize(1).allMatch(w -> w.startsWith("PATCH /apis/apps/v1/namespaces/games/deployments/game-server"));
    String restartedAt = client.apps().deployments().inNamespace("games").withName("game-server").get()
        .getSpec().getTemplate().getMetadata().getAnnotations().get(RemediationActions.RESTARTED_AT);

    ActionReport retried = actions.perform(request("remediation-x:run#1.1", ActionType.ROLLOUT_RESTART, Map.of(), SERVICE));
    assertThat(retried.repeated()).isTrue();
    assertThat(drain()).as("no second restart").isEmpty();
    assertThat(client.apps().deployments().inNamespace("games").withName("game-server").get()
        .getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(RemediationActions.RESTARTED_AT, restartedAt);

    // The next attempt is a new action, and restarts again.
    assertThat(actions.perform(request("remediation-x:run#2.1", ActionType.ROLLOUT_RESTART, Map.of(), SERVICE))
        .repeated()).isFalse();
    assertThat(drain()).hasSize(1);
  }

  @Test
  void scalingStaysWithinTheDeclaredBoundsAndIsNotAppliedTwice() {
    ActionReport scaled = actions.perform(request("remediation-s:run#1.1", ActionType.SCALE,
        Map.of("by", "10", "min", "2", "max", "6"), SERVICE));
    assertThat(scaled.summary()).contains("scaled 3 → 6 (asked 13, bounds 2..6)");
    assertThat(client.apps().deployments().inNamespace("games").withName("game-server").get().getSpec().getReplicas())
        .isEqualTo(6);
    drain();
    ActionReport retried = actions.perform(request("remediation-s:run#1.1", ActionType.SCALE,
        Map.of("by", "10", "min", "2", "max", "6"), SERVICE));
    assertThat(retried.repeated()).isTrue();
    assertThat(drain()).isEmpty();
  }

  @Test
  void deletingAPodAndCordoningANodeAreDoneOnce() {
    client.pods().inNamespace("games").resource(new PodBuilder().withNewMetadata().withName("game-server-abc")
        .endMetadata().build()).create();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-7").endMetadata()
        .withNewSpec().endSpec().build()).create();
    drain();
    RemediationTarget pod = new RemediationTarget("game-server", "games", "game-server-abc", null);
    assertThat(actions.perform(request("k#1.1", ActionType.DELETE_POD, Map.of(), pod)).repeated()).isFalse();
    assertThat(actions.perform(request("k#1.1", ActionType.DELETE_POD, Map.of(), pod)).repeated()).isTrue();
    RemediationTarget node = new RemediationTarget("game-server", "games", null, "node-7");
    assertThat(actions.perform(request("k#1.2", ActionType.CORDON_NODE, Map.of(), node)).repeated()).isFalse();
    assertThat(actions.perform(request("k#1.2", ActionType.CORDON_NODE, Map.of(), node)).repeated()).isTrue();
    assertThat(client.nodes().withName("node-7").get().getSpec().getUnschedulable()).isTrue();
    assertThat(drain()).hasSize(2);
  }
}
