package dev.pitcrew.activities.drill.velero;

import dev.pitcrew.activities.kubernetes.KubernetesTarget;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Velero drills' settings, and in the sandbox Kubernetes the simulated Velero they drill against. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VeleroProperties.class)
public class VeleroConfiguration {

  /** Only the sandbox's simulated Velero is started: on a real cluster, Velero itself answers. */
  @Bean(destroyMethod = "close")
  SandboxVeleroController sandboxVelero(KubernetesTarget target, KubernetesClient client, VeleroProperties properties) {
    SandboxVeleroController controller = new SandboxVeleroController(client, properties);
    return target.isSandbox() ? controller.start() : controller;
  }
}
