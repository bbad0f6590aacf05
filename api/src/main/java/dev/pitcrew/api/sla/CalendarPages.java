package dev.pitcrew.api.sla;

import dev.pitcrew.activities.sla.SlaConfigStore;
import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.FieldErrors;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.sla.CalendarSpec;
import dev.pitcrew.workflows.sla.WorkingHours;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DayOfWeek;
import java.util.ArrayList;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings → Business calendars: every calendar's zone, working hours and holidays, and a form to create or replace
 * one's zone and hours ({@code sla.admin}), checked and saved by {@link CalendarWriting} exactly as
 * {@code PUT /api/v1/sla/calendars/{name}} is. A time that is no {@code HH:mm} is refused at its weekday by the
 * parser the SLA clocks use ({@link WorkingHours#minuteOfDay}). Holidays stay; they are imported over the API.
 */
@Controller
@ConsolePage
class CalendarPages {
  private final SlaConfigStore config;
  private final CalendarWriting writing;
  private final JsonMapper json;

  CalendarPages(SlaConfigStore config, CalendarWriting writing, JsonMapper json) {
    this.config = config;
    this.writing = writing;
    this.json = json;
  }

  /** One weekday's row as typed: both blank is a day off. */
  record Day(String day, String from, String to) {}

  /** The form as typed (or as stored, when editing). */
  record Form(String name, String zone, List<Day> days) {

    static Form empty() {
      List<Day> days = new ArrayList<>();
      for (DayOfWeek day : DayOfWeek.values()) {
        boolean weekday = day.getValue() <= 5;
        days.add(new Day(day.name(), weekday ? "09:00" : "", weekday ? "17:00" : ""));
      }
      return new Form("", "", days);
    }

    static Form of(String name, CalendarSpec spec) {
      List<Day> days = new ArrayList<>();
      for (DayOfWeek day : DayOfWeek.values()) {
        Optional<WorkingHours> hours = spec.hours().stream().filter(h -> h.day() == day).findFirst();
        days.add(new Day(day.name(), hours.map(WorkingHours::from).orElse(""), hours.map(WorkingHours::to).orElse("")));
      }
      return new Form(name, spec.zone(), days);
    }
  }

  /** One row of the list. */
  record Listed(String name, CalendarSpec calendar) {}

  @GetMapping("/settings/calendars")
  @PreAuthorize("@access.can('read')")
  String page(@RequestParam(required = false) String edit, Model model) {
    Form form = Optional.ofNullable(edit).flatMap(config::calendar).map(c -> Form.of(edit, c)).orElseGet(Form::empty);
    fill(model, form, Map.of());
    return "console/calendars";
  }

  @PostMapping("/settings/calendars")
  @PreAuthorize("@access.can('sla.admin')")
  String save(@RequestParam(required = false) String name, @RequestParam(required = false) String zone,
      @RequestParam(required = false) List<String> from, @RequestParam(required = false) List<String> to,
      Model model, HttpServletResponse response) {
    List<Day> days = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      int i = day.ordinal();
      days.add(new Day(day.name(), at(from, i).trim(), at(to, i).trim()));
    }
    Form form = new Form(name == null ? "" : name.trim(), zone == null ? "" : zone.trim(), days);

    Map<String, String> errors = new LinkedHashMap<>();
    ObjectNode body = json.createObjectNode();
    body.put("zone", form.zone());
    ArrayNode hours = body.putArray("hours");
    for (Day day : days) {
      if (day.from().isEmpty() && day.to().isEmpty()) {
        continue;
      }
      boolean readable = readable(day.from(), day.day() + ".from", errors)
          & readable(day.to(), day.day() + ".to", errors);
      if (readable) {
        hours.addObject().put("day", day.day()).put("from", day.from()).put("to", day.to());
      }
    }
    try {
      // Checked even when a time is already refused here, so every refused field is named at once.
      if (errors.isEmpty()) {
        writing.save(form.name(), body);
        model.addAttribute("saved", form.name());
        fill(model, Form.empty(), errors);
        return "console/calendars";
      }
      writing.check(form.name(), body);
    } catch (ApiException refused) {
      FieldErrors.collect(refused, errors, CalendarPages::atInput, "hours");
    }
    // Audited as REJECTED (400); what was typed stays in the form.
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    fill(model, form, errors);
    return "console/calendars";
  }

  private void fill(Model model, Form form, Map<String, String> errors) {
    model.addAttribute("calendars", config.calendarNames().stream()
        .flatMap(n -> config.calendar(n).stream().map(c -> new Listed(n, c))).toList());
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
  }

  /** {@code calendar.zone} at the zone; the hours' problems (which name their weekday) above the weekdays. */
  private static String atInput(String field) {
    String f = field.startsWith("calendar.") ? field.substring("calendar.".length()) : field;
    return f.startsWith("hours") ? "hours" : f.equals("calendar") ? "hours" : f;
  }

  private static boolean readable(String clock, String input, Map<String, String> errors) {
    try {
      WorkingHours.minuteOfDay(clock);
      return true;
    } catch (IllegalArgumentException e) {
      errors.putIfAbsent(input, clock.isEmpty() ? "give both times, or neither for a day off" : e.getMessage());
      return false;
    }
  }

  private static String at(List<String> values, int i) {
    return values == null || values.size() <= i || values.get(i) == null ? "" : values.get(i);
  }
}
