package dev.pitcrew.api.services;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.workflows.deploy.DeploymentRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a service's catalogue entry and saves it: for {@code PUT /api/v1/services/{name}} and the console's form
 * alike, so both refuse the same things with the same field names ({@code strategy.previewReplicas}). Nothing is
 * saved when it throws.
 */
@Component
class ServiceWriting {
  // The service name becomes Kubernetes object names ("<name>-preview" must stay a 63-character DNS label).
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,53}[a-z0-9])?");

  private final ServiceCatalogue catalogue;
  private final RequestReader reader;

  ServiceWriting(ServiceCatalogue catalogue, RequestReader reader) {
    this.catalogue = catalogue;
    this.reader = reader;
  }

  /** Checks and creates or replaces the entry; true when it was created. */
  boolean save(String name, JsonNode body) {
    return catalogue.save(name, check(name, body));
  }

  /** Every check {@link #save} makes, saving nothing: for a form that has already refused a field of its own. */
  ServiceDefinition check(String name, JsonNode body) {
    if (name == null || !SERVICE_NAME.matcher(name).matches()) {
      throw ApiException.badField("name", "must be a DNS-1035 label of at most 55 characters, e.g. game-api");
    }
    ServiceDefinition definition = reader.read(body, ServiceDefinition.class, "");
    List<FieldProblem> problems = new ArrayList<>();
    if (!ImageReferences.isRepository(definition.imageRepository())) {
      problems.add(new FieldProblem("imageRepository",
          "must be an image repository without tag or digest, e.g. registry.example/game-api"));
    }
    // The strategy is checked as a deployment would check it, so a catalogue entry can never make every
    // deployment of the service invalid.
    DeploymentRequest probe =
        new DeploymentRequest(name, definition.environments().getFirst(), null, null, definition.replicasOrDefault(),
            "service-catalogue", definition.strategyOrDefaults(), definition.containerPortOrDefault());
    problems.addAll(DeploymentRequestProblems.toFieldProblems(probe.problems()));
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")), problems);
    }
    return definition;
  }
}
