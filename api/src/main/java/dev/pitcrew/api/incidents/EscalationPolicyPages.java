package dev.pitcrew.api.incidents;

import dev.pitcrew.activities.incident.EscalationPolicyRepository;
import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.FieldErrors;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.workflows.incident.EscalationPolicy;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings → Escalation policies: every service's ladder, and a form to set one ({@code policies.write}) with up to
 * {@value #ROWS} levels of one PagerDuty service and/or Slack user group each. It is read and checked exactly as
 * {@code PUT /api/v1/escalation-policies/{service}} reads it ({@link EscalationPolicyRequest}), each refused field
 * shown at its input. Policies with business hours or several targets per level are edited over the API: the form
 * would drop what it cannot show, so it refuses to replace them.
 */
@Controller
@ConsolePage
class EscalationPolicyPages {
  static final int ROWS = 3;

  private final EscalationPolicyRepository policies;
  private final RequestReader reader;
  private final Access access;
  private final JsonMapper json;

  EscalationPolicyPages(EscalationPolicyRepository policies, RequestReader reader, Access access, JsonMapper json) {
    this.policies = policies;
    this.reader = reader;
    this.access = access;
    this.json = json;
  }

  /** One row of the form as typed, kept when a field is refused. */
  record Row(String ackTimeoutMinutes, String pagerDutyService, String slackUserGroup) {
    boolean blank() {
      return isBlank(ackTimeoutMinutes) && isBlank(pagerDutyService) && isBlank(slackUserGroup);
    }
  }

  @GetMapping("/settings/escalation-policies")
  @PreAuthorize("@access.can('read')")
  String page(Model model) {
    fill(model, "", emptyRows(), "0", false, Map.of());
    return "console/escalation-policies";
  }

  @PostMapping("/settings/escalation-policies")
  @PreAuthorize("@access.can('policies.write')")
  String save(@RequestParam(required = false) String service, @RequestParam(required = false) List<String> ack,
      @RequestParam(required = false) List<String> pagerDuty, @RequestParam(required = false) List<String> slack,
      @RequestParam(required = false) String repeats, @RequestParam(required = false) String autoResolve,
      Model model, HttpServletResponse response) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(new Row(at(ack, i), at(pagerDuty, i), at(slack, i)));
    }
    String name = service == null ? "" : service.trim();
    boolean autoResolving = autoResolve != null;
    Map<String, String> errors = new LinkedHashMap<>();
    if (!ServiceNames.valid(name)) {
      errors.put("service", ServiceNames.MESSAGE);
    } else {
      policies.find(name).filter(EscalationPolicyPages::beyondTheForm).ifPresent(p -> errors.put("service",
          "its policy uses business hours or several targets per level; edit it with PUT /api/v1/escalation-policies/"
              + name));
    }
    ObjectNode body = json.createObjectNode();
    ArrayNode levels = body.putArray("levels");
    int last = -1;
    for (int i = 0; i < ROWS; i++) {
      if (!rows.get(i).blank()) {
        last = i;
      }
    }
    for (int i = 0; i <= last; i++) {
      Row row = rows.get(i);
      ObjectNode level = levels.addObject();
      putNumber(level, "ackTimeoutMinutes", row.ackTimeoutMinutes(), "levels[" + i + "].ackTimeoutMinutes", errors);
      ObjectNode target = level.putArray("targets").addObject();
      target.put("pagerDutyService", blankToNull(row.pagerDutyService()));
      target.put("slackUserGroup", blankToNull(row.slackUserGroup()));
    }
    putNumber(body, "repeats", isBlank(repeats) ? "0" : repeats, "repeats", errors);
    body.put("autoResolveWhenAlertsClear", autoResolving);
    try {
      EscalationPolicy policy = reader.read(body, EscalationPolicyRequest.class, "").toPolicy(name);
      if (errors.isEmpty()) {
        policies.save(policy, access.identity());
        model.addAttribute("saved", name);
        fill(model, "", emptyRows(), "0", false, Map.of());
        return "console/escalation-policies";
      }
    } catch (ApiException refused) {
      FieldErrors.collect(refused, errors, EscalationPolicyPages::atInput, "levels");
    }
    // Audited as REJECTED (400); what was typed stays in the form.
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    fill(model, name, rows, repeats == null ? "" : repeats, autoResolving, errors);
    return "console/escalation-policies";
  }

  private void fill(Model model, String service, List<Row> rows, String repeats, boolean autoResolve,
      Map<String, String> errors) {
    model.addAttribute("policies", policies.findAll());
    model.addAttribute("form", Map.of("service", service, "rows", rows, "repeats", repeats,
        "autoResolve", autoResolve));
    model.addAttribute("errors", errors);
  }

  /** {@code levels[0].targets[0]} (a target naming nobody) is shown at its level's targets. */
  private static String atInput(String field) {
    return field.matches("levels\\[\\d+]\\.targets\\[0]") ? field.substring(0, field.lastIndexOf('[')) : field;
  }

  private static boolean beyondTheForm(EscalationPolicy policy) {
    return policy.businessHours() != null || policy.levels().size() > ROWS || policy.levels().stream()
        .anyMatch(level -> level.targets().size() > 1 || !level.businessHoursTargets().isEmpty());
  }

  private static void putNumber(ObjectNode node, String field, String value, String path, Map<String, String> errors) {
    String trimmed = value == null ? "" : value.trim();
    if (trimmed.matches("[0-9]{1,6}")) {
      node.put(field, Integer.parseInt(trimmed));
    } else if (!trimmed.isEmpty()) {
      errors.putIfAbsent(path, "must be a whole number");
    }
  }

  private static List<Row> emptyRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(new Row("", "", ""));
    }
    return rows;
  }

  private static String at(List<String> values, int i) {
    return values == null || values.size() <= i || values.get(i) == null ? "" : values.get(i);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String blankToNull(String value) {
    return isBlank(value) ? null : value.trim();
  }
}
