package dev.pitcrew.activities.drill.velero;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's example workloads for Velero drills (docs/drills.md): namespace {@code lobby} (restores cleanly)
 * with the Schedule {@code lobby-hourly}, and {@code chat-legacy}, whose restores end PartiallyFailed by default.
 */
final class SandboxVeleroSeed {
  private SandboxVeleroSeed() {}

  static void plant(KubernetesClient client, String veleroNamespace) {
    namespace(client, veleroNamespace);
    workload(client, "lobby", "lobby", 2);
    workload(client, "chat-legacy", "chat", 1);
    if (VeleroResources.of(client, VeleroResources.SCHEDULE).inNamespace(veleroNamespace).withName("lobby-hourly")
        .get() == null) {
      VeleroResources.of(client, VeleroResources.SCHEDULE).inNamespace(veleroNamespace).resource(
          new GenericKubernetesResourceBuilder().withApiVersion(VeleroResources.API_VERSION).withKind("Schedule")
              .withNewMetadata().withName("lobby-hourly").withNamespace(veleroNamespace).endMetadata()
              .addToAdditionalProperties("spec", Map.of("schedule", "@every 15m",
                  "template", Map.of("includedNamespaces", List.of("lobby"), "ttl", "72h0m0s")))
              .build()).create();
    }
  }

  private static void namespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  private static void workload(KubernetesClient client, String namespace, String app, int replicas) {
    namespace(client, namespace);
    if (client.apps().deployments().inNamespace(namespace).withName(app).get() != null) {
      return;
    }
    Map<String, String> labels = Map.of("app", app);
    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(app + "-config").withNamespace(namespace).endMetadata()
        .addToData("LOG_LEVEL", "info").build()).create();
    client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(app)
        .withNamespace(namespace).endMetadata().withNewSpec().withSelector(labels)
        .addNewPort().withPort(8080).endPort().endSpec().build()).create();
    client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder().withNewMetadata()
        .withName(app).withNamespace(namespace).withLabels(labels).endMetadata().withNewSpec()
        .withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer()
        .withName(app).withImage("registry.example/" + app + ":1.0").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    for (int i = 0; i < replicas; i++) {
      client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(app + "-" + i)
          .withNamespace(namespace).withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName(app)
          .withImage("registry.example/" + app + ":1.0").endContainer().endSpec()
          .withNewStatus().withPhase("Running").addToConditions(new PodConditionBuilder().withType("Ready")
              .withStatus("True").build()).endStatus().build()).create();
    }
  }
}
