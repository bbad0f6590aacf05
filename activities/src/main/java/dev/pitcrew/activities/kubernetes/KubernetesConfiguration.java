package dev.pitcrew.activities.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Connects the deployment activities to the Kubernetes target chosen by {@code pitcrew.kubernetes.mode}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KubernetesProperties.class)
public class KubernetesConfiguration {
  static final String MODE_VARIABLE = "PITCREW_KUBERNETES";
  /** {@code ./pitcrew run}'s training run of the start-up cache (the api module's local mode sets it). */
  static final String TRAINING_RUN = "pitcrew.local.training-run";
  private static final Logger log = LoggerFactory.getLogger(KubernetesConfiguration.class);

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

  /**
   * Starts the sandbox once the server is ready, on a thread of its own, so a start does not wait for (or share
   * its two cores with) a mock cluster its first request does not need; a deployment that comes first starts it
   * itself. In the start-up cache's training run ({@code pitcrew.local.training-run}) it starts before readiness
   * turns UP, which the run waits for, so the cache holds the sandbox's classes too.
   */
  @Bean
  ApplicationListener<ApplicationReadyEvent> sandboxStart(KubernetesConnection connection, Environment environment) {
    return ready -> {
      if (!connection.target().isSandbox()) {
        return;
      }
      if (environment.getProperty(TRAINING_RUN, Boolean.class, false)) {
        connection.startSandbox();
        return;
      }
      Thread.ofPlatform().daemon().name("pitcrew-sandbox-start").start(() -> {
        try {
          connection.startSandbox();
        } catch (RuntimeException e) {
          log.warn("The sandbox Kubernetes did not start; its first use tries again", e);
        }
      });
    };
  }
}
