package dev.pitcrew.api.audit;

import dev.pitcrew.activities.audit.AuditRecord;
import dev.pitcrew.activities.audit.AuditVerifier;
import dev.pitcrew.api.console.ConsolePage;
import java.util.List;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's Audit page ({@code audit.read}): the log with the REST API's filters (principal, channel, action,
 * target, outcome, from, to) and the hash chain's verification on request.
 */
@Controller
@ConsolePage
class AuditPages {
  private static final Set<String> PAGE_PARAMETERS = Set.of("page");
  private static final int PAGE_SIZE = 50;

  private final AuditLogQueries queries;
  private final AuditVerifier verifier;

  AuditPages(AuditLogQueries queries, AuditVerifier verifier) {
    this.queries = queries;
    this.verifier = verifier;
  }

  @GetMapping("/audit")
  @PreAuthorize("@access.can('audit.read')")
  String page(@RequestParam MultiValueMap<String, String> parameters, @RequestParam(defaultValue = "0") int page,
      Model model) {
    parameters.values().forEach(values -> values.removeIf(String::isBlank));
    parameters.entrySet().removeIf(e -> e.getValue().isEmpty());
    AuditQuery query = AuditQuery.parse(parameters, PAGE_PARAMETERS);
    List<AuditRecord> rows = queries.page(query, Math.max(page, 0), PAGE_SIZE);
    model.addAttribute("rows", rows.size() > PAGE_SIZE ? rows.subList(0, PAGE_SIZE) : rows);
    model.addAttribute("hasNext", rows.size() > PAGE_SIZE);
    model.addAttribute("page", Math.max(page, 0));
    model.addAttribute("filters", parameters.toSingleValueMap());
    return "console/audit";
  }

  /** Checks the whole chain now (a read, so a POST only because it may take a while and should not be prefetched). */
  @PostMapping("/audit/verify")
  @PreAuthorize("@access.can('audit.read')")
  String verify(Model model) {
    model.addAttribute("verification", verifier.verify());
    return "console/audit :: verification";
  }
}
