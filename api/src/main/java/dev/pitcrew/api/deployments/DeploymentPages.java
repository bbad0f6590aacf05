package dev.pitcrew.api.deployments;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.LiveTopics;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RunFilter;
import dev.pitcrew.api.runs.RunIndexQueries;
import dev.pitcrew.api.runs.RunLauncher;
import dev.pitcrew.api.runs.RunSummary;
import dev.pitcrew.api.runs.StartedRun;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.api.services.ServiceCatalogue;
import dev.pitcrew.workflows.deploy.DecisionRecord;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's Deployments pages: every service and environment's latest deployment (colours, images, traffic,
 * analysis, rollback window, who may approve), a start form, and Approve / Reject / Abort / Rollback. The buttons
 * go through {@link DeploymentDecisions} and {@link RunLauncher} exactly as the REST API does, as the signed-in
 * person; the workflow's Update validator alone decides, and its reason is shown when it refuses.
 */
@Controller
@ConsolePage
class DeploymentPages {
  /** The latest deployments shown on the board, one per service and environment. */
  private static final int BOARD_SIZE = 24;
  static final String AWAITING_APPROVAL = "AwaitingApproval";

  private final RunIndexQueries runs;
  private final DeploymentInspector inspector;
  private final DeploymentDecisions decisions;
  private final RunLauncher launcher;
  private final ServiceCatalogue catalogue;
  private final Access access;
  private final JsonMapper json;

  DeploymentPages(RunIndexQueries runs, DeploymentInspector inspector, DeploymentDecisions decisions,
      RunLauncher launcher, ServiceCatalogue catalogue, Access access, JsonMapper json) {
    this.runs = runs;
    this.inspector = inspector;
    this.decisions = decisions;
    this.launcher = launcher;
    this.catalogue = catalogue;
    this.access = access;
    this.json = json;
  }

  /** A deployment as the board shows it: its view, or why it could not be read. */
  record Card(String workflowId, DeploymentView view, String error) {}

  @GetMapping("/deployments")
  @PreAuthorize("@access.can('read')")
  String board(Model model) {
    model.addAttribute("cards", cards());
    model.addAttribute("services", catalogue.list());
    return "console/deployments";
  }

  @GetMapping("/deployments/board")
  @PreAuthorize("@access.can('read')")
  String boardFragment(Model model) {
    model.addAttribute("cards", cards());
    return "console/deployments :: board";
  }

  /** Deployments waiting for an approval, for the Now page. */
  @GetMapping("/deployments/awaiting")
  @PreAuthorize("@access.can('read')")
  String awaiting(Model model) {
    model.addAttribute("cards", cards().stream().filter(c -> c.view() != null
        && "RUNNING".equals(c.view().status()) && AWAITING_APPROVAL.equals(c.view().phase())).toList());
    return "console/deployments :: awaiting";
  }

  @GetMapping("/deployments/{workflowId}")
  @PreAuthorize("@access.can('read')")
  String page(@PathVariable String workflowId, Model model) {
    model.addAttribute("d", inspector.view(workflowId));
    return "console/deployment";
  }

  @GetMapping("/deployments/{workflowId}/card")
  @PreAuthorize("@access.can('read')")
  String card(@PathVariable String workflowId, Model model) {
    model.addAttribute("d", inspector.view(workflowId));
    return "console/deployment :: detail";
  }

  /** Starts a deployment as the signed-in person (the requester the two-person rule compares against). */
  @PostMapping("/deployments")
  @PreAuthorize("@access.can('deploy')")
  String start(@RequestParam(required = false) String service, @RequestParam(required = false) String environment,
      @RequestParam(required = false) String image, Model model) {
    ObjectNode body = json.createObjectNode();
    body.put("service", blankToNull(service));
    body.put("environment", blankToNull(environment));
    body.put("image", blankToNull(image));
    body.put("requestedBy", access.identity());
    try {
      StartedRun run = launcher.startFromBody(DeploymentRunType.NAME, body, null, access::require);
      return "redirect:/deployments/" + run.workflowId();
    } catch (ApiException refused) {
      if (refused.status() != HttpStatus.BAD_REQUEST) {
        throw refused;
      }
      // Field problems are shown at their fields, with what was typed kept.
      model.addAttribute("cards", cards());
      model.addAttribute("services", catalogue.list());
      model.addAttribute("startProblem", refused);
      model.addAttribute("form", Map.of("service", nullToEmpty(service), "environment", nullToEmpty(environment),
          "image", nullToEmpty(image)));
      model.addAttribute("startErrors", fieldErrors(refused));
      return "console/deployments";
    }
  }

  /** Approve, reject, abort or roll back, with the reason typed in the confirmation. */
  @PostMapping("/deployments/{workflowId}/{decision:approve|reject|abort|rollback}")
  @PreAuthorize("@access.can(#decision)")
  String decide(@PathVariable String workflowId, @PathVariable String decision,
      @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
    ObjectNode body = json.createObjectNode();
    body.put("by", access.identity());
    body.put("reason", blankToNull(reason));
    DecisionRecord outcome = decisions.send(workflowId, decision, body, access::require);
    model.addAttribute("done", (outcome.accepted() ? "Accepted: " : "Recorded: ") + decision + " by " + outcome.by()
        + (outcome.note() == null || outcome.note().isBlank() ? "" : " (" + outcome.note() + ")"));
    response.setHeader(LiveTopics.HX_TRIGGER, LiveTopics.RUNS);
    return "console/fragments :: done";
  }

  private List<Card> cards() {
    Map<String, RunSummary> latest = new LinkedHashMap<>();
    for (RunSummary run : runs.list(new RunFilter(DeploymentRunType.NAME, null, null, null, 0, 200))) {
      latest.putIfAbsent(run.workflowId(), run);
    }
    List<Card> cards = new ArrayList<>();
    for (RunSummary run : latest.values().stream().limit(BOARD_SIZE).toList()) {
      try {
        cards.add(new Card(run.workflowId(), inspector.view(run.workflowId()), null));
      } catch (RuntimeException e) {
        cards.add(new Card(run.workflowId(), null, e.getMessage()));
      }
    }
    return cards;
  }

  private static Map<String, String> fieldErrors(ApiException refused) {
    Map<String, String> errors = new LinkedHashMap<>();
    refused.fieldProblems().forEach(p -> errors.putIfAbsent(p.field(), p.message()));
    return errors;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
