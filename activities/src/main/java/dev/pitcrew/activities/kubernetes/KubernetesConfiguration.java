package dev.pitcrew.activities.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Connects the deployment activities to the Kubernetes target chosen by {@code pitcrew.kubernetes.mode}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KubernetesProperties.class)
public class KubernetesConfiguration {
  static final String MODE_VARIABLE = "PITCREW_KUBERNETES";

  @Bean(destroyMethod = "close")
  KubernetesConnection kubernetesConnection(KubernetesProperties properties, Environment environment) {
    KubernetesMode mode =
        properties.mode() != null
            ? properties.mode()
            : KubernetesMode.parse(environment.getProperty(MODE_VARIABLE, "sandbox"));
    return KubernetesConnection.open(mode, properties);
  }

  /** Closed with the connection. */
  @Bean(destroyMethod = "")
  KubernetesClient kubernetesClient(KubernetesConnection connection) {
    return connection.client();
  }

  @Bean
  KubernetesTarget kubernetesTarget(KubernetesConnection connection) {
    return connection.target();
  }
}
