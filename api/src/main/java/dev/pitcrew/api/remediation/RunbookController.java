package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Runbooks as code: {@code PUT} a JSON or YAML document (checked whole, every bad field named), read it back, list
 * its versions (each change keeps the one before and who made it), pause it or put it in dry-run.
 */
@RestController
@RequestMapping("/api/v1/runbooks")
class RunbookController {
  private final RunbookStore store;
  private final RemediationSwitches switches;
  private final RequestReader requests;
  private final Access access;
  private final RunbookCatalogue catalogue;
  private final RunbookWriting writing;

  RunbookController(RunbookStore store, RemediationSwitches switches, RequestReader requests, Access access,
      RunbookCatalogue catalogue, RunbookWriting writing) {
    this.catalogue = catalogue;
    this.writing = writing;
    this.store = store;
    this.switches = switches;
    this.requests = requests;
    this.access = access;
  }

  @GetMapping
  @PreAuthorize("@access.can('read')")
  Map<String, Object> list() {
    Map<String, RemediationSwitches.Switch> all = switches.all();
    List<Map<String, Object>> items = store.all().stream().map(r -> {
      Map<String, Object> item = summary(r);
      item.put("switches", all.getOrDefault(r.name(), new RemediationSwitches.Switch(false, false, null)));
      return item;
    }).toList();
    return Map.of("items", items, "killSwitch", all.get(RemediationSwitches.GLOBAL));
  }

  @GetMapping("/{name}")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> get(@PathVariable String name) {
    RunbookValidation.checkName(name);
    RunbookStore.Stored stored = store.find(name).orElseThrow(() -> noRunbook(name));
    Map<String, Object> answer = summary(stored);
    answer.put("switches", switches.of(name));
    answer.put("document", stored.document());
    return answer;
  }

  @GetMapping("/{name}/versions")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> versions(@PathVariable String name) {
    RunbookValidation.checkName(name);
    List<RunbookStore.Version> versions = store.versions(name);
    if (versions.isEmpty()) {
      throw noRunbook(name);
    }
    return Map.of("name", name, "versions", versions);
  }

  /** 201 for a new runbook, 200 for a new version (or an unchanged document, which keeps its version). */
  @PutMapping(value = "/{name}", consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
  @PreAuthorize("@access.can('runbooks.write')")
  ResponseEntity<Map<String, Object>> put(@PathVariable String name, @RequestBody byte[] body,
      @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
    RunbookWriting.Saved saved = writing.save(name, body, contentType.contains("yaml"));
    RunbookStore.Stored stored = saved.stored();
    Map<String, Object> answer = summary(stored);
    answer.put("document", stored.document());
    return saved.created()
        ? ResponseEntity.created(URI.create("/api/v1/runbooks/" + name)).body(answer)
        : ResponseEntity.ok(answer);
  }

  /** 204; the history stays readable under {@code /versions}. Running remediations finish with their version. */
  @DeleteMapping("/{name}")
  @PreAuthorize("@access.can('runbooks.write')")
  ResponseEntity<Void> delete(@PathVariable String name) {
    RunbookValidation.checkName(name);
    if (!store.delete(name, access.identity())) {
      throw noRunbook(name);
    }
    catalogue.changed();
    return ResponseEntity.noContent().build();
  }

  record SwitchRequest(Boolean paused, Boolean dryRun) {}

  /** Pauses or resumes one runbook (its kill switch) and turns its dry-run on or off; omitted fields stay. */
  @PutMapping("/{name}/switches")
  @PreAuthorize("@access.can('remediation.steer')")
  RemediationSwitches.Switch setSwitches(@PathVariable String name, @RequestBody JsonNode body) {
    RunbookValidation.checkName(name);
    SwitchRequest request = requests.read(body, SwitchRequest.class, "");
    store.find(name).orElseThrow(() -> noRunbook(name));
    RemediationSwitches.Switch now = switches.set(name, request.paused(), request.dryRun(), access.identity());
    catalogue.changed();
    return now;
  }

  private static Map<String, Object> summary(RunbookStore.Stored stored) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("name", stored.name());
    item.put("version", stored.version());
    item.put("updatedBy", stored.updatedBy());
    item.put("updatedAt", stored.updatedAt());
    return item;
  }

  private static ApiException noRunbook(String name) {
    return ApiException.notFound("No runbook named '" + name + "'");
  }

}
