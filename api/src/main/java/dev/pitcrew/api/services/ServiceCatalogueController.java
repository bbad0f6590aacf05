package dev.pitcrew.api.services;

import java.net.URI;
import java.util.Map;
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
  private final ServiceCatalogue catalogue;
  private final ServiceWriting writing;

  ServiceCatalogueController(ServiceCatalogue catalogue, ServiceWriting writing) {
    this.catalogue = catalogue;
    this.writing = writing;
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
    boolean created = writing.save(name, body);
    ServiceEntry saved = catalogue.find(name).orElseThrow();
    return created
        ? ResponseEntity.created(URI.create("/api/v1/services/" + name)).body(saved)
        : ResponseEntity.ok(saved);
  }
}
