package dev.pitcrew.api.sla;

import dev.pitcrew.activities.sla.RoutingRule;
import dev.pitcrew.activities.sla.SlaConfigStore;
import dev.pitcrew.activities.sla.SlaQueue;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.tickets.TicketQueries;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** SLA configuration (policies, calendars, queues, routing), the notification log and the compliance report. */
@RestController
@RequestMapping("/api/v1/sla")
class SlaAdminController {
  private final RequestReader reader;
  private final SlaConfigStore config;
  private final TicketQueries tickets;
  private final SlaReportQueries reports;
  private final SlaPolicyWriting policies;
  private final CalendarWriting calendars;

  SlaAdminController(RequestReader reader, SlaConfigStore config, TicketQueries tickets, SlaReportQueries reports,
      SlaPolicyWriting policies, CalendarWriting calendars) {
    this.policies = policies;
    this.calendars = calendars;
    this.reader = reader;
    this.config = config;
    this.tickets = tickets;
    this.reports = reports;
  }

  @PutMapping("/policies/{name}")
  @PreAuthorize("@access.can('sla.admin')")
  Map<String, Object> putPolicy(@PathVariable String name, @RequestBody JsonNode body) {
    return Map.of("name", name, "policy", policies.save(name, body));
  }

  /** Every policy with its document, by name: what {@code PUT /policies/{name}} wrote. */
  @GetMapping("/policies")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> listPolicies() {
    List<Map<String, Object>> policies = config.policyNames().stream()
        .flatMap(name -> config.policy(name).stream().map(policy -> Map.<String, Object>of("name", name, "policy", policy)))
        .toList();
    return Map.of("policies", policies);
  }

  @GetMapping("/policies/{name}")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> getPolicy(@PathVariable String name) {
    return Map.of("name", name, "policy",
        config.policy(name).orElseThrow(() -> ApiException.notFound("No SLA policy named '" + name + "'")));
  }

  @PutMapping("/calendars/{name}")
  @PreAuthorize("@access.can('sla.admin')")
  Map<String, Object> putCalendar(@PathVariable String name, @RequestBody JsonNode body) {
    return Map.of("name", name, "calendar", calendars.save(name, body));
  }

  @GetMapping("/calendars/{name}")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> getCalendar(@PathVariable String name) {
    return Map.of("name", name, "calendar",
        config.calendar(name).orElseThrow(() -> ApiException.notFound("No calendar named '" + name + "'")));
  }

  @PostMapping(path = "/calendars/{name}/holidays", consumes = "text/calendar")
  @PreAuthorize("@access.can('sla.admin')")
  Map<String, Object> importHolidays(@PathVariable String name, @RequestBody String ics) {
    if (config.calendar(name).isEmpty()) {
      throw ApiException.notFound("No calendar named '" + name + "'");
    }
    Map<LocalDate, String> holidays;
    try {
      holidays = IcsHolidays.parse(ics);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("body", e.getMessage());
    }
    int added = config.addHolidays(name, holidays);
    return Map.of("calendar", name, "read", holidays.size(), "added", added,
        "holidays", config.calendar(name).orElseThrow().holidays());
  }

  @PutMapping("/queues/{name}")
  @PreAuthorize("@access.can('sla.admin')")
  Map<String, Object> putQueue(@PathVariable String name, @RequestBody JsonNode body) {
    SlaNames.check(name);
    QueueRequest queue = reader.read(body, QueueRequest.class, "queue");
    if (config.policy(queue.policy()).isEmpty()) {
      throw ApiException.badField("queue.policy", "no SLA policy named '" + queue.policy() + "'");
    }
    List<SlaQueue.Agent> agents = queue.agents() == null ? List.of() : queue.agents().stream()
        .map(a -> new SlaQueue.Agent(a.name(), a.email(), a.jiraAccountId(), a.onDuty() == null || a.onDuty()))
        .toList();
    config.saveQueue(new SlaQueue(name, queue.policy(), queue.slackChannel(), agents));
    return Map.of("name", name, "queue", config.queue(name).orElseThrow());
  }

  @GetMapping("/queues/{name}")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> getQueue(@PathVariable String name) {
    return Map.of("name", name, "queue",
        config.queue(name).orElseThrow(() -> ApiException.notFound("No queue named '" + name + "'")));
  }

  /** Every queue with its policy, Slack channel and agents, by name. */
  @GetMapping("/queues")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> listQueues() {
    return Map.of("queues", config.queueNames().stream().flatMap(name -> config.queue(name).stream()).toList());
  }

  @PutMapping("/routing-rules")
  @PreAuthorize("@access.can('sla.admin')")
  Map<String, Object> putRoutingRules(@RequestBody JsonNode body) {
    RoutingRulesRequest request = reader.read(body, RoutingRulesRequest.class, "routing");
    for (int i = 0; i < request.rules().size(); i++) {
      String queue = request.rules().get(i).queue();
      if (config.queue(queue).isEmpty()) {
        throw ApiException.badField("routing.rules[" + i + "].queue", "no queue named '" + queue + "'");
      }
    }
    config.replaceRoutingRules(request.rules().stream()
        .map(r -> new RoutingRule(r.category(), r.component(), r.label(), r.queue())).toList());
    return Map.of("rules", config.routingRules());
  }

  @GetMapping("/routing-rules")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> routingRules() {
    return Map.of("rules", config.routingRules());
  }

  @GetMapping("/notifications")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> notifications(
      @RequestParam(required = false) String ticket, @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw ApiException.badField("limit", "must be between 1 and 1000");
    }
    return Map.of("notifications", tickets.notifications(ticket, limit));
  }

  @GetMapping("/report")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> report(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    Instant end = to == null ? Instant.now() : instant("to", to);
    Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant("from", from);
    if (!start.isBefore(end)) {
      throw ApiException.badField("from", "must be before 'to'");
    }
    return reports.report(start, end);
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
    }
  }
}
