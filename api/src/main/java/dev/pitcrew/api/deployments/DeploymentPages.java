package dev.pitcrew.api.deployments;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.LiveTopics;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RunLauncher;
import dev.pitcrew.api.runs.StartedRun;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.api.services.ServiceCatalogue;
import dev.pitcrew.workflows.deploy.DecisionRecord;
import jakarta.servlet.http.HttpServletResponse;
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
 * The console's Deployments pages: every service and environment's latest deployment (the board, from PostgreSQL
 * alone: {@link DeploymentBoard}), one deployment's page (colours, images, traffic, analysis, rollback window, who
 * may approve; from its workflow), a start form, and Approve / Reject / Abort / Rollback. The buttons
 * go through {@link DeploymentDecisions} and {@link RunLauncher} exactly as the REST API does, as the signed-in
 * person; the workflow's Update validator alone decides, and its reason is shown when it refuses.
 */
@Controller
@ConsolePage
class DeploymentPages {
  /** The latest deployments shown on the board, one per service and environment. */
  private static final int BOARD_SIZE = 24;
  static final String AWAITING_APPROVAL = "AwaitingApproval";

  private final DeploymentBoard board;
  private final DeploymentInspector inspector;
  private final DeploymentDecisions decisions;
  private final RunLauncher launcher;
  private final ServiceCatalogue catalogue;
  private final Access access;
  private final JsonMapper json;

  DeploymentPages(DeploymentBoard board, DeploymentInspector inspector, DeploymentDecisions decisions,
      RunLauncher launcher, ServiceCatalogue catalogue, Access access, JsonMapper json) {
    this.board = board;
    this.inspector = inspector;
    this.decisions = decisions;
    this.launcher = launcher;
    this.catalogue = catalogue;
    this.access = access;
    this.json = json;
  }

  @GetMapping("/deployments")
  @PreAuthorize("@access.can('read')")
  String board(Model model) {
    fillBoard(model);
    model.addAttribute("services", catalogue.list());
    return "console/deployments";
  }

  @GetMapping("/deployments/board")
  @PreAuthorize("@access.can('read')")
  String boardFragment(Model model) {
    fillBoard(model);
    return "console/deployments :: board";
  }

  /** Deployments waiting for an approval, for the Now page. */
  @GetMapping("/deployments/awaiting")
  @PreAuthorize("@access.can('read')")
  String awaiting(Model model) {
    model.addAttribute("cards", board.awaitingApproval(BOARD_SIZE));
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
      fillBoard(model);
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

  /** The board reads PostgreSQL only (runs index and deployment records): no Temporal call per card. */
  private void fillBoard(Model model) {
    model.addAttribute("cards", board.latest(BOARD_SIZE));
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
