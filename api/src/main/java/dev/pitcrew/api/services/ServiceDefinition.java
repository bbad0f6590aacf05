package dev.pitcrew.api.services;

import dev.pitcrew.workflows.deploy.BlueGreenStrategy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /api/v1/services/{name}}: a service's deployment defaults.
 *
 * @param imageRepository where its images live, without tag, e.g. {@code registry.example/game-api}; a deployment
 *     of a bare tag {@code v2} deploys {@code registry.example/game-api:v2}
 * @param environments the Kubernetes namespaces it may be deployed to; any other is refused
 * @param replicas replicas once promoted, unless a deployment says otherwise; default 2
 * @param containerPort the port its container listens on, used when Pitcrew creates its Services; default 8080
 * @param slackChannel Slack channel ID all its deployments post their message in, from Slack or the API; unset:
 *     the channel the command came from (deployments started over the API then post nowhere)
 * @param strategy blue-green strategy defaults (delays, analyses, approval policy, hook); unset fields take the
 *     built-in defaults
 */
public record ServiceDefinition(
    @NotBlank String imageRepository,
    @NotEmpty @Size(max = 50)
        List<@NotBlank @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
            message = "must be a Kubernetes namespace name") String> environments,
    @Min(1) @Max(1000) Integer replicas,
    @Min(1) @Max(65535) Integer containerPort,
    @Pattern(regexp = "[CG][A-Z0-9]{2,}", message = "must be a Slack channel ID such as C0123ABCD") String slackChannel,
    BlueGreenStrategy strategy) {

  static final int DEFAULT_REPLICAS = 2;
  static final int DEFAULT_CONTAINER_PORT = 8080;

  int replicasOrDefault() {
    return replicas == null ? DEFAULT_REPLICAS : replicas;
  }

  int containerPortOrDefault() {
    return containerPort == null ? DEFAULT_CONTAINER_PORT : containerPort;
  }

  BlueGreenStrategy strategyOrDefaults() {
    return strategy == null ? BlueGreenStrategy.DEFAULTS : strategy;
  }
}
