package dev.pitcrew.api.sla;

import dev.pitcrew.activities.sla.SlaConfigStore;
import dev.pitcrew.activities.sla.SlaPolicyDocument;
import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.FieldErrors;
import dev.pitcrew.api.problem.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Settings → SLA policies: every policy with its goals, and a form to create or replace one ({@code sla.admin}),
 * checked and saved by {@link SlaPolicyWriting} exactly as {@code PUT /api/v1/sla/policies/{name}} is, each refused
 * field shown at its input. {@code ?edit=<name>} fills the form with a policy as stored, so nothing it holds is lost
 * by saving it again.
 */
@Controller
@ConsolePage
class SlaPolicyPages {
  static final int ROWS = 5;
  private static final Pattern GOAL = Pattern.compile("goals\\[(\\d+)](.*)");

  private final SlaConfigStore config;
  private final SlaPolicyWriting writing;
  private final JsonMapper json;

  SlaPolicyPages(SlaConfigStore config, SlaPolicyWriting writing, JsonMapper json) {
    this.config = config;
    this.writing = writing;
    this.json = json;
  }

  /** One priority's row of the form as typed. */
  record Goal(String priority, String firstResponse, String resolution) {
    boolean blank() {
      return priority.isBlank() && firstResponse.isBlank() && resolution.isBlank();
    }
  }

  /** The form as typed (or as stored, when editing), kept when a field is refused. */
  record Form(String name, String calendar, List<Goal> goals, String pauseStatuses, String resolvedStatuses,
      String warningPercents, boolean breachSlack, boolean breachRaisePriority, String breachReassignTo,
      String breachPagePriorities, String reopenWindow) {

    static Form empty() {
      return new Form("", "", padded(List.of()), "", "Resolved, Closed", "75", false, false, "", "", "");
    }

    static Form of(String name, SlaPolicyDocument policy) {
      SlaPolicyDocument.BreachPolicy breach = policy.breachActionsOrNone();
      return new Form(name, policy.calendar(), padded(policy.goals().stream()
          .map(g -> new Goal(g.priority(), g.firstResponse().toString(), g.resolution().toString())).toList()),
          String.join(", ", policy.pauseStatusesOrNone()), String.join(", ", policy.resolvedStatuses()),
          String.join(", ", policy.warningPercentsOrNone().stream().map(String::valueOf).toList()),
          breach.postsToSlack(), breach.raisesPriority(), breach.reassignTo() == null ? "" : breach.reassignTo(),
          String.join(", ", breach.pagePriorities() == null ? List.of() : breach.pagePriorities()),
          policy.reopenWindow() == null ? "" : policy.reopenWindow().toString());
    }

    private static List<Goal> padded(List<Goal> goals) {
      List<Goal> rows = new ArrayList<>(goals);
      while (rows.size() < ROWS) {
        rows.add(new Goal("", "", ""));
      }
      return rows;
    }
  }

  /** One row of the list. */
  record Listed(String name, SlaPolicyDocument policy) {}

  @GetMapping("/settings/sla-policies")
  @PreAuthorize("@access.can('read')")
  String page(@RequestParam(required = false) String edit, Model model) {
    Form form = Optional.ofNullable(edit).flatMap(config::policy).map(p -> Form.of(edit, p)).orElseGet(Form::empty);
    fill(model, form, Map.of());
    return "console/sla-policies";
  }

  @PostMapping("/settings/sla-policies")
  @PreAuthorize("@access.can('sla.admin')")
  String save(@RequestParam(required = false) String name, @RequestParam(required = false) String calendar,
      @RequestParam(required = false) List<String> priority, @RequestParam(required = false) List<String> firstResponse,
      @RequestParam(required = false) List<String> resolution, @RequestParam(required = false) String pauseStatuses,
      @RequestParam(required = false) String resolvedStatuses, @RequestParam(required = false) String warningPercents,
      @RequestParam(required = false) String breachSlack, @RequestParam(required = false) String breachRaisePriority,
      @RequestParam(required = false) String breachReassignTo,
      @RequestParam(required = false) String breachPagePriorities, @RequestParam(required = false) String reopenWindow,
      Model model, HttpServletResponse response) {
    int rows = Math.max(size(priority), Math.max(size(firstResponse), size(resolution)));
    List<Goal> goals = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      goals.add(new Goal(at(priority, i), at(firstResponse, i), at(resolution, i)));
    }
    Form form = new Form(text(name).trim(), text(calendar), Form.padded(goals), text(pauseStatuses),
        text(resolvedStatuses), text(warningPercents), breachSlack != null, breachRaisePriority != null,
        text(breachReassignTo), text(breachPagePriorities), text(reopenWindow));

    Map<String, String> errors = new LinkedHashMap<>();
    ObjectNode body = json.createObjectNode();
    body.put("calendar", form.calendar().trim());
    ArrayNode goalArray = body.putArray("goals");
    // The n-th goal sent is the form's row rowOf[n]: blank rows are left out, refusals still land on their row.
    List<Integer> rowOf = new ArrayList<>();
    for (int i = 0; i < goals.size(); i++) {
      Goal goal = goals.get(i);
      if (!goal.blank()) {
        rowOf.add(i);
        ObjectNode g = goalArray.addObject();
        g.put("priority", goal.priority().trim());
        putDuration(g, "firstResponse", goal.firstResponse(), "goals[" + i + "].firstResponse", errors);
        putDuration(g, "resolution", goal.resolution(), "goals[" + i + "].resolution", errors);
      }
    }
    addAll(body.putArray("pauseStatuses"), form.pauseStatuses());
    addAll(body.putArray("resolvedStatuses"), form.resolvedStatuses());
    ArrayNode percents = body.putArray("warningPercents");
    for (String percent : items(form.warningPercents())) {
      if (percent.matches("[0-9]{1,9}")) {
        percents.add(Integer.parseInt(percent));
      } else {
        errors.putIfAbsent("warningPercents", "'" + percent + "' is not a whole number");
      }
    }
    ObjectNode breach = body.putObject("breachActions");
    breach.put("slack", form.breachSlack());
    breach.put("raisePriority", form.breachRaisePriority());
    putText(breach, "reassignTo", form.breachReassignTo());
    addAll(breach.putArray("pagePriorities"), form.breachPagePriorities());
    putDuration(body, "reopenWindow", form.reopenWindow(), "reopenWindow", errors);

    try {
      // Checked even when a field is already refused here, so every refused field is named at once.
      if (errors.isEmpty()) {
        writing.save(form.name(), body);
        model.addAttribute("saved", form.name());
        fill(model, Form.empty(), errors);
        return "console/sla-policies";
      }
      writing.check(form.name(), body);
    } catch (ApiException refused) {
      FieldErrors.collect(refused, errors, field -> atInput(field, rowOf), "form");
    }
    // Audited as REJECTED (400); what was typed stays in the form.
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    fill(model, form, errors);
    return "console/sla-policies";
  }

  private void fill(Model model, Form form, Map<String, String> errors) {
    model.addAttribute("policies", config.policyNames().stream()
        .flatMap(n -> config.policy(n).stream().map(p -> new Listed(n, p))).toList());
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
  }

  /**
   * The input a refused field belongs to: {@code policy.goals[1].resolution} at the second goal sent (its form
   * row), a list's element ({@code policy.resolvedStatuses[0]}) at the list's one text input.
   */
  static String atInput(String field, List<Integer> rowOf) {
    String f = field.startsWith("policy.") ? field.substring("policy.".length()) : field;
    Matcher goal = GOAL.matcher(f);
    if (goal.matches()) {
      int sent = Integer.parseInt(goal.group(1));
      return "goals[" + (sent < rowOf.size() ? rowOf.get(sent) : sent) + "]" + goal.group(2);
    }
    int bracket = f.indexOf('[');
    String input = bracket < 0 ? f : f.substring(0, bracket);
    return input.isEmpty() || input.equals("policy") ? "form" : input;
  }

  private static void addAll(ArrayNode array, String commaSeparated) {
    items(commaSeparated).forEach(array::add);
  }

  private static List<String> items(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static void putText(ObjectNode node, String field, String value) {
    if (!value.isBlank()) {
      node.put(field, value.trim());
    }
  }

  /**
   * Text that is no ISO-8601 duration is refused here, at its input, and left out of the body (the reader then
   * checks everything else); a duration goes as typed, for the policy's own rules to judge.
   */
  private static void putDuration(ObjectNode node, String field, String value, String input,
      Map<String, String> errors) {
    if (value.isBlank()) {
      return;
    }
    try {
      Duration.parse(value.trim());
      node.put(field, value.trim());
    } catch (DateTimeParseException e) {
      errors.putIfAbsent(input, "'" + value.trim() + "' is not an ISO-8601 duration such as PT4H or P2D");
    }
  }

  private static int size(List<String> values) {
    return values == null ? 0 : values.size();
  }

  private static String at(List<String> values, int i) {
    return values == null || values.size() <= i || values.get(i) == null ? "" : values.get(i);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
