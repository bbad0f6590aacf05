package dev.pitcrew.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.deploy.GreenSpec;
import dev.pitcrew.workflows.deploy.KubernetesRolloutActivities;
import dev.pitcrew.workflows.deploy.Readiness;
import dev.pitcrew.workflows.deploy.ReadinessCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KubernetesConfigurationTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(KubernetesConfiguration.class);

  @Test
  void sandboxIsTheDefaultAndRollsDeploymentsOutByItself() {
    context.withPropertyValues("pitcrew.kubernetes.sandbox.rollout-delay=1s").run(ctx -> {
      KubernetesTarget target = ctx.getBean(KubernetesTarget.class);
      assertThat(target.mode()).isEqualTo(KubernetesMode.SANDBOX);
      assertThat(target.isSandbox()).isTrue();
      assertThat(target.apiServerUrl()).as("in-process, on loopback").startsWith("http://localhost:");
      assertThat(target.description()).startsWith("sandbox");

      KubernetesRolloutActivitiesImpl activities =
          new KubernetesRolloutActivitiesImpl(ctx.getBean(KubernetesClient.class), target);
      activities.prepareGreen(new GreenSpec("lobby", "dev", "registry.example/lobby:3", null, 2, 8080, 60, "a1"));
      KubernetesClient client = ctx.getBean(KubernetesClient.class);
      assertThat(client.apps().deployments().inNamespace("dev").withName("lobby-blue").get().getStatus())
          .as("not rolled out before the simulated delay").isNull();
      TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
      temporal.registerActivitiesImplementations(activities);
      Readiness ready = temporal.newActivityStub(KubernetesRolloutActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build())
          .awaitReady(new ReadinessCheck("dev", "lobby-blue", 2, "a1", 30));
      temporal.close();

      assertThat(ready.availableReplicas()).isEqualTo(2);
      var status = client.apps().deployments().inNamespace("dev").withName("lobby-blue").get().getStatus();
      assertThat(status.getObservedGeneration()).isEqualTo(1);
      assertThat(status.getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
          .containsExactlyInAnyOrder("Available=True", "Progressing=True");
    });
  }

  @Test
  void theEnvironmentVariableChoosesTheModeWhenThePropertyIsUnset(@TempDir Path home) throws Exception {
    Path kubeconfig = home.resolve("config");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: dev
          cluster: {server: "https://dev-cluster.example:6443"}
        users:
        - name: ci
          user: {token: not-a-real-token}
        contexts:
        - name: dev
          context: {cluster: dev, user: ci, namespace: staging}
        current-context: dev
        """);
    context.withPropertyValues("PITCREW_KUBERNETES=kubeconfig", "pitcrew.kubernetes.kubeconfig=" + kubeconfig)
        .run(ctx -> {
          KubernetesTarget target = ctx.getBean(KubernetesTarget.class);
          assertThat(target.mode()).isEqualTo(KubernetesMode.KUBECONFIG);
          assertThat(target.apiServerUrl()).startsWith("https://dev-cluster.example:6443");
          assertThat(target.isSandbox()).isFalse();
        });
  }

  @Test
  void thePropertyWinsOverTheEnvironmentVariable() {
    context.withPropertyValues("PITCREW_KUBERNETES=in-cluster", "pitcrew.kubernetes.mode=sandbox")
        .run(ctx -> assertThat(ctx.getBean(KubernetesTarget.class).mode()).isEqualTo(KubernetesMode.SANDBOX));
  }

  @Test
  void inClusterOutsideAPodRefusesToStart() {
    context.withPropertyValues("pitcrew.kubernetes.mode=in-cluster").run(ctx ->
        assertThat(ctx).getFailure().rootCause().hasMessageContaining("not running in a Kubernetes pod"));
  }

  @Test
  void anUnknownModeRefusesToStart() {
    context.withPropertyValues("PITCREW_KUBERNETES=production").run(ctx ->
        assertThat(ctx).getFailure().rootCause().hasMessageContaining("use sandbox, kubeconfig or in-cluster"));
  }
}
