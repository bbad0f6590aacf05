package dev.pitcrew.api.incidents;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.workflows.incident.BusinessHours;
import dev.pitcrew.workflows.incident.EscalationLevel;
import dev.pitcrew.workflows.incident.EscalationPolicy;
import dev.pitcrew.workflows.incident.EscalationTarget;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Body of {@code PUT /api/v1/escalation-policies/{service}}: an {@link EscalationPolicy} as JSON. Every rule the
 * policy records enforce is checked here first, field by field, so a bad policy is answered with the path of each
 * problem ({@code levels[1].ackTimeoutMinutes}) rather than the records' first exception.
 *
 * @param service optional; must equal the path's service when given
 * @param repeats default 0
 * @param autoResolveWhenAlertsClear default false
 */
record EscalationPolicyRequest(
    String service,
    @NotEmpty(message = "must have at least one level") @Size(max = 10) List<@NotNull @Valid Level> levels,
    @Min(value = 0, message = "must be at least 0") @Max(value = EscalationPolicy.MAX_REPEATS,
        message = "must be at most " + EscalationPolicy.MAX_REPEATS) Integer repeats,
    @Valid Hours businessHours,
    Boolean autoResolveWhenAlertsClear) {

  record Level(
      @NotNull @Min(value = EscalationLevel.MIN_ACK_TIMEOUT_MINUTES,
          message = "must be at least " + EscalationLevel.MIN_ACK_TIMEOUT_MINUTES)
          @Max(value = 7 * 24 * 60, message = "must be at most 10080 (a week)") Integer ackTimeoutMinutes,
      @NotEmpty(message = "must have at least one target") @Size(max = 20) List<@NotNull @Valid Target> targets,
      @Size(max = 20) List<@NotNull @Valid Target> businessHoursTargets) {}

  /**
   * @param pagerDutyService a name configuration maps to a routing key (never the key itself)
   * @param slackUserGroup a Slack user group ID such as {@code S0123ABC}
   */
  record Target(
      @Size(min = 1, max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+",
          message = "must be a configured PagerDuty service name (letters, digits, '.', '_', '-')")
          String pagerDutyService,
      @Pattern(regexp = "S[A-Z0-9]{2,20}", message = "must be a Slack user group ID such as S0123ABC")
          String slackUserGroup) {}

  record Hours(
      @NotBlank String timeZone,
      @NotNull @Min(value = 0, message = "must be at least 0") @Max(value = 23, message = "must be at most 23")
          Integer startHour,
      @NotNull @Min(value = 1, message = "must be at least 1") @Max(value = 24, message = "must be at most 24")
          Integer endHour,
      @NotEmpty(message = "must name at least one day") List<@NotNull DayOfWeek> days) {}

  /**
   * The rules Bean Validation cannot say on one field (a target names someone, hours in order, a known time zone,
   * the body's service); then the records, whose constructors check the same rules once more.
   */
  EscalationPolicy toPolicy(String pathService) {
    List<FieldProblem> problems = new ArrayList<>();
    if (service != null && !service.equals(pathService)) {
      problems.add(new FieldProblem("service", "must be '" + pathService + "' (the service in the path) or left out"));
    }
    for (int i = 0; i < levels.size(); i++) {
      checkTargets("levels[" + i + "].targets", levels.get(i).targets(), problems);
      checkTargets("levels[" + i + "].businessHoursTargets", levels.get(i).businessHoursTargets(), problems);
    }
    if (businessHours != null) {
      try {
        ZoneId.of(businessHours.timeZone());
      } catch (DateTimeException e) {
        problems.add(new FieldProblem("businessHours.timeZone", "must be a time zone ID such as Europe/Berlin"));
      }
      if (businessHours.startHour() >= businessHours.endHour()) {
        problems.add(new FieldProblem("businessHours.endHour", "must be after startHour"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")), problems);
    }
    try {
      return new EscalationPolicy(pathService, levels.stream().map(EscalationPolicyRequest::level).toList(),
          repeats == null ? 0 : repeats, hours(), Boolean.TRUE.equals(autoResolveWhenAlertsClear));
    } catch (IllegalArgumentException e) {
      // Only reached if the records gain a rule this class does not know yet: still the caller's mistake.
      throw ApiException.badField("body", e.getMessage());
    }
  }

  private static void checkTargets(String path, List<Target> targets, List<FieldProblem> problems) {
    if (targets == null) {
      return;
    }
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      if (target != null && target.pagerDutyService() == null && target.slackUserGroup() == null) {
        problems.add(new FieldProblem(path + "[" + i + "]", "must name a pagerDutyService or a slackUserGroup"));
      }
    }
  }

  private static EscalationLevel level(Level level) {
    return new EscalationLevel(level.ackTimeoutMinutes(), level.targets().stream().map(EscalationPolicyRequest::target)
        .toList(), level.businessHoursTargets() == null ? List.of()
        : level.businessHoursTargets().stream().map(EscalationPolicyRequest::target).toList());
  }

  private static EscalationTarget target(Target target) {
    return new EscalationTarget(target.pagerDutyService(), target.slackUserGroup());
  }

  private BusinessHours hours() {
    return businessHours == null ? null : new BusinessHours(businessHours.timeZone(), businessHours.startHour(),
        businessHours.endHour(), businessHours.days());
  }
}
