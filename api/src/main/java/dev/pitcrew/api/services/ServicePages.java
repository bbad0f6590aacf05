package dev.pitcrew.api.services;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.FieldErrors;
import dev.pitcrew.api.problem.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings → Service catalogue: every catalogued service with its deployment defaults, and a form to create or
 * replace one ({@code services.write}), checked and saved by {@link ServiceWriting} exactly as
 * {@code PUT /api/v1/services/{name}} is, each refused field shown at its input. {@code ?edit=<name>} fills the form
 * with the entry as stored (its blue-green strategy as JSON), so nothing it holds is lost by saving it again.
 */
@Controller
@ConsolePage
class ServicePages {
  private final ServiceCatalogue catalogue;
  private final ServiceWriting writing;
  private final JsonMapper json;

  ServicePages(ServiceCatalogue catalogue, ServiceWriting writing, JsonMapper json) {
    this.catalogue = catalogue;
    this.writing = writing;
    this.json = json;
  }

  /** The form as typed (or as stored, when editing), kept when a field is refused. */
  record Form(String name, String imageRepository, String environments, String replicas, String containerPort,
      String slackChannel, String strategy) {
    static final Form EMPTY = new Form("", "", "", "", "", "", "");
  }

  @GetMapping("/settings/services")
  @PreAuthorize("@access.can('read')")
  String page(@RequestParam(required = false) String edit, Model model) {
    Form form = Optional.ofNullable(edit).flatMap(catalogue::find).map(this::formOf).orElse(Form.EMPTY);
    fill(model, form, Map.of());
    return "console/services";
  }

  @PostMapping("/settings/services")
  @PreAuthorize("@access.can('services.write')")
  String save(@RequestParam(required = false) String name, @RequestParam(required = false) String imageRepository,
      @RequestParam(required = false) String environments, @RequestParam(required = false) String replicas,
      @RequestParam(required = false) String containerPort, @RequestParam(required = false) String slackChannel,
      @RequestParam(required = false) String strategy, Model model, HttpServletResponse response) {
    Form form = new Form(text(name).trim(), text(imageRepository), text(environments), text(replicas),
        text(containerPort), text(slackChannel), text(strategy));
    Map<String, String> errors = new LinkedHashMap<>();
    ObjectNode body = json.createObjectNode();
    putText(body, "imageRepository", form.imageRepository());
    items(form.environments()).forEach(body.putArray("environments")::add);
    putWholeNumber(body, "replicas", form.replicas(), errors);
    putWholeNumber(body, "containerPort", form.containerPort(), errors);
    putText(body, "slackChannel", form.slackChannel());
    if (!form.strategy().isBlank()) {
      try {
        body.set("strategy", json.readTree(form.strategy()));
      } catch (JacksonException e) {
        errors.put("strategy", "is not valid JSON: write it as {\"autoPromotionSeconds\": 60}, or leave it blank "
            + "for the defaults");
      }
    }

    try {
      // Checked even when a field is already refused here, so every refused field is named at once.
      if (errors.isEmpty()) {
        boolean created = writing.save(form.name(), body);
        model.addAttribute("saved", (created ? "Created service " : "Saved service ") + form.name() + ".");
        fill(model, Form.EMPTY, errors);
        return "console/services";
      }
      writing.check(form.name(), body);
    } catch (ApiException refused) {
      FieldErrors.collect(refused, errors, ServicePages::atInput, "form");
    }
    // Audited as REJECTED (400); what was typed stays in the form.
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    fill(model, form, errors);
    return "console/services";
  }

  private Form formOf(ServiceEntry entry) {
    return new Form(entry.name(), entry.imageRepository(), String.join(", ", entry.environments()),
        String.valueOf(entry.replicas()), String.valueOf(entry.containerPort()),
        entry.slackChannel() == null ? "" : entry.slackChannel(), json.writeValueAsString(entry.strategy()));
  }

  private void fill(Model model, Form form, Map<String, String> errors) {
    model.addAttribute("services", catalogue.list());
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
  }

  /** The input a refused field belongs to: {@code environments[1]} at the one environments input, any strategy field at the strategy's. */
  static String atInput(String field) {
    int end = field.length();
    for (char c : new char[] {'[', '.'}) {
      int i = field.indexOf(c);
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    String input = field.substring(0, end);
    return List.of("name", "imageRepository", "environments", "replicas", "containerPort", "slackChannel", "strategy")
        .contains(input) ? input : "form";
  }

  /** Text that is no whole number is refused here, at its input, and left out of the body; blank means the default. */
  private static void putWholeNumber(ObjectNode node, String field, String value, Map<String, String> errors) {
    if (value.isBlank()) {
      return;
    }
    if (value.trim().matches("[0-9]{1,9}")) {
      node.put(field, Integer.parseInt(value.trim()));
    } else {
      errors.put(field, "'" + value.trim() + "' is not a whole number");
    }
  }

  private static void putText(ObjectNode node, String field, String value) {
    if (!value.isBlank()) {
      node.put(field, value.trim());
    }
  }

  private static List<String> items(String commaSeparated) {
    return Arrays.stream(commaSeparated.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
