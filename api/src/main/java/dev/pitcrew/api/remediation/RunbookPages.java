package dev.pitcrew.api.remediation;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.problem.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Settings → Runbooks: every remediation runbook with its version, author and switches, and an editor for one
 * ({@code runbooks.write}): its name and its document as YAML (or JSON), saved by {@link RunbookWriting} exactly as
 * {@code PUT /api/v1/runbooks/{name}} saves it, as a new version by the signed-in person. A refused name is shown at
 * the name; the document's refused fields ({@code steps[0].action: ...}) are listed at the document, by path, as
 * the runbook is written as code.
 */
@Controller
@ConsolePage
class RunbookPages {
  private final RunbookStore store;
  private final RunbookWriting writing;
  private final RemediationSwitches switches;
  private final YAMLMapper yaml = YAMLMapper.builder().build();

  RunbookPages(RunbookStore store, RunbookWriting writing, RemediationSwitches switches) {
    this.store = store;
    this.writing = writing;
    this.switches = switches;
  }

  /** One row of the list. */
  record Listed(RunbookStore.Stored runbook, RemediationSwitches.Switch switches, List<String> matchers) {}

  @GetMapping("/settings/runbooks")
  @PreAuthorize("@access.can('read')")
  String page(@RequestParam(required = false) String edit, Model model) {
    Map<String, String> form = store.find(edit == null ? "" : edit)
        .map(r -> Map.of("name", r.name(), "document", yaml.writeValueAsString(r.document())))
        .orElse(Map.of("name", "", "document", ""));
    fill(model, form, Map.of(), List.of());
    return "console/runbooks";
  }

  @PostMapping("/settings/runbooks")
  @PreAuthorize("@access.can('runbooks.write')")
  String save(@RequestParam(required = false) String name, @RequestParam(required = false) String document,
      Model model, HttpServletResponse response) {
    String runbook = name == null ? "" : name.trim();
    byte[] body = (document == null ? "" : document).getBytes(StandardCharsets.UTF_8);
    Map<String, String> errors = new LinkedHashMap<>();
    List<String> problems = List.of();
    try {
      RunbookValidation.checkName(runbook);
    } catch (ApiException refused) {
      refused.fieldProblems().forEach(p -> errors.put("name", p.message()));
    }
    try {
      // The document is checked even when the name is refused, so every problem is named at once.
      if (errors.isEmpty()) {
        RunbookWriting.Saved saved = writing.save(runbook, body, true);
        model.addAttribute("saved", saved.stored());
        model.addAttribute("created", saved.created());
        fill(model, Map.of("name", "", "document", ""), errors, problems);
        return "console/runbooks";
      }
      writing.check(body, true);
    } catch (ApiException refused) {
      if (refused.status() != HttpStatus.BAD_REQUEST) {
        throw refused;
      }
      problems = refused.fieldProblems().isEmpty() ? List.of(refused.getMessage())
          : refused.fieldProblems().stream()
              .map(p -> p.field().equals("body") ? p.message() : p.field() + ": " + p.message()).toList();
      errors.put("document", "The runbook was refused");
    }
    // Audited as REJECTED (400); what was typed stays in the editor.
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    fill(model, Map.of("name", runbook, "document", document == null ? "" : document), errors, problems);
    return "console/runbooks";
  }

  private void fill(Model model, Map<String, String> form, Map<String, String> errors, List<String> problems) {
    Map<String, RemediationSwitches.Switch> all = switches.all();
    model.addAttribute("runbooks", store.all().stream().map(r -> new Listed(r,
        all.getOrDefault(r.name(), new RemediationSwitches.Switch(false, false, null)),
        r.document().path("matchers").valueStream().map(m -> m.asString("")).toList())).toList());
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("problems", problems);
  }
}
