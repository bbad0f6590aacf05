package dev.pitcrew.activities.drill.velero;

import dev.pitcrew.activities.kubernetes.KubernetesConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Velero drills' settings, and in the sandbox Kubernetes the simulated Velero they drill against. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VeleroProperties.class)
public class VeleroConfiguration {

  /**
   * Only the sandbox's simulated Velero is started, with the sandbox (once the server is ready, or on first use:
   * {@link KubernetesConnection#whenSandboxStarts}): on a real cluster, Velero itself answers.
   */
  @Bean(destroyMethod = "close")
  SandboxVeleroController sandboxVelero(
      KubernetesConnection connection, KubernetesClient client, VeleroProperties properties) {
    SandboxVeleroController controller = new SandboxVeleroController(client, properties);
    connection.whenSandboxStarts(controller::start);
    return controller;
  }
}
