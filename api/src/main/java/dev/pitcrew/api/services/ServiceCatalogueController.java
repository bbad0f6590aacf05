package dev.pitcrew.api.services;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.workflows.deploy.DeploymentRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The service catalogue: {@code GET /api/v1/services}, {@code GET} and {@code PUT /api/v1/services/{name}}. */
@RestController
@RequestMapping("/api/v1/services")
class ServiceCatalogueController {
  // The service name becomes Kubernetes object names ("<name>-preview" must stay a 63-character DNS label).
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,53}[a-z0-9])?");

  private final ServiceCatalogue catalogue;
  private final RequestReader reader;

  ServiceCatalogueController(ServiceCatalogue catalogue, RequestReader reader) {
    this.catalogue = catalogue;
    this.reader = reader;
  }

  @GetMapping
  @PreAuthorize("@access.can('read')")
  Map<String, Object> list() {
    return Map.of("items", catalogue.list());
  }

  @GetMapping("/{name}")
  @PreAuthorize("@access.can('read')")
  ServiceEntry get(@PathVariable String name) {
    return catalogue.require(name);
  }

  @PutMapping("/{name}")
  @PreAuthorize("@access.can('services.write')")
  ResponseEntity<ServiceEntry> put(@PathVariable String name, @RequestBody JsonNode body) {
    if (!SERVICE_NAME.matcher(name).matches()) {
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
    boolean created = catalogue.save(name, definition);
    ServiceEntry saved = catalogue.find(name).orElseThrow();
    return created
        ? ResponseEntity.created(URI.create("/api/v1/services/" + name)).body(saved)
        : ResponseEntity.ok(saved);
  }
}
