package dev.pitcrew.api.services;

import dev.pitcrew.workflows.deploy.BlueGreenStrategy;
import java.time.Instant;
import java.util.List;

/** One service in the catalogue, with every default filled in. See {@link ServiceDefinition} for the fields. */
public record ServiceEntry(
    String name,
    String imageRepository,
    List<String> environments,
    int replicas,
    int containerPort,
    String slackChannel,
    BlueGreenStrategy strategy,
    Instant createdAt,
    Instant updatedAt) {

  public boolean hasEnvironment(String environment) {
    return environments.contains(environment);
  }
}
