package dev.pitcrew.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sandbox starts on its client's first call (or when the server is ready), not when the connection is made:
 * a start does not pay for it, and its first use still works, with what it simulates already there.
 */
class DeferredSandboxTest {

  @Test
  void theFirstCallStartsTheSandboxAfterWhatItSimulatesAndItsSecondUsesTheSameCluster() {
    DeferredSandbox sandbox = new DeferredSandbox(Duration.ofMillis(100));
    List<String> seen = new ArrayList<>();
    // As the simulated Velero does: its start goes through the same client, on the same thread.
    sandbox.whenStarted(() -> {
      sandbox.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("velero")
          .endMetadata().build()).create();
      seen.add("seeded");
    });
    assertThat(sandbox.isStarted()).as("started by the connection alone").isFalse();
    assertThat(seen).isEmpty();

    List<String> names = sandbox.client().namespaces().list().getItems().stream()
        .map(namespace -> namespace.getMetadata().getName()).toList();

    assertThat(sandbox.isStarted()).isTrue();
    assertThat(seen).containsExactly("seeded");
    assertThat(names).as("the first caller sees what the start seeded").contains("velero");
    SandboxCluster first = sandbox.cluster();
    assertThat(sandbox.client().getMasterUrl().toString()).isEqualTo(first.url());
    assertThat(sandbox.cluster()).isSameAs(first);

    sandbox.close();
    assertThatThrownBy(() -> sandbox.client().namespaces().list()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingASandboxThatNeverStartedStartsNothing() {
    DeferredSandbox sandbox = new DeferredSandbox(Duration.ofMillis(100));
    sandbox.client().close();
    assertThat(sandbox.isStarted()).isFalse();
    assertThatThrownBy(sandbox::cluster).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theConnectionStartsItsSandboxOnceAndFirstRunsWhatWaitsForIt() {
    List<String> started = new ArrayList<>();
    KubernetesConnection sandboxed = KubernetesConnection.open(KubernetesMode.SANDBOX, properties());
    try {
      sandboxed.whenSandboxStarts(() -> started.add("velero"));
      assertThat(sandboxed.target().isSandbox()).isTrue();
      assertThat(started).isEmpty();
      sandboxed.startSandbox();
      assertThat(started).containsExactly("velero");
      sandboxed.startSandbox();
      assertThat(started).as("started once").containsExactly("velero");
    } finally {
      sandboxed.close();
    }
  }

  private static KubernetesProperties properties() {
    return new KubernetesProperties(null, null, null, new KubernetesProperties.Sandbox(Duration.ofMillis(100)));
  }
}
