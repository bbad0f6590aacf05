package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code /pitcrew alerts report [window]}: the alert-quality report, noisiest alerts first, against the goals.
 * {@code /pitcrew alerts noise <fingerprint|remediation ID> [reason]}: marks the alert's latest episode as noise.
 */
@Component
class AlertsCommand implements SlackCommand {
  static final int LIMIT = 10;

  private final AlertQualityReport report;
  private final AlertQualityProperties goals;
  private final AlertNoise noise;

  AlertsCommand(AlertQualityReport report, AlertQualityProperties goals, AlertNoise noise) {
    this.report = report;
    this.goals = goals;
    this.noise = noise;
  }

  @Override
  public String name() {
    return "alerts";
  }

  @Override
  public String arguments() {
    return "report [window, e.g. 7d] | noise <fingerprint|remediation ID> [reason]";
  }

  @Override
  public String summary() {
    return "the alert-quality report (fired, auto-resolved, cleared by itself, paged, noise, suggestions, the goals); "
        + "mark an alert as noise";
  }

  @Override
  public List<String> examples() {
    return List.of("alerts report", "alerts report 24h", "alerts noise 3f2a9c0d1e4b7a65 fired during the load test");
  }

  @Override
  public String permission() {
    return "read";
  }

  @Override
  public String permission(List<String> args) {
    return !args.isEmpty() && "noise".equals(args.get(0)) ? AlertNoiseController.PERMISSION : "read";
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    List<String> args = invocation.args();
    if (!args.isEmpty() && args.get(0).equals("noise")) {
      return markNoise(invocation);
    }
    if (args.isEmpty() || !args.get(0).equals("report")) {
      throw new UsageException("Try `alerts report`, `alerts report 24h` or `alerts noise <fingerprint>`.");
    }
    String window = args.size() > 1 ? args.get(1) : "7d";
    Duration span;
    try {
      span = AlertQualityController.parse(window);
    } catch (ApiException bad) {
      throw new UsageException("The window " + bad.getMessage().replace("window: ", "") + ".");
    }
    Instant to = Instant.now();
    List<AlertQualityReport.Row> all = report.compute(to.minus(span), to, null);
    List<AlertQualityReport.Row> rows = all.stream()
        .sorted(Comparator.comparingInt(AlertQualityReport.Row::fired).reversed()).limit(LIMIT).toList();
    if (rows.isEmpty()) {
      return CommandReply.ephemeral("No alerts in the last " + window + ".");
    }
    AlertQualityReport.Summary summary = AlertQualityReport.summarize(all, goals);
    StringBuilder text = new StringBuilder("*Alert quality, last " + window + "*: false positives "
        + percent(summary.falsePositiveRate()) + " (goal < " + percent(summary.falsePositiveGoal()) + ") "
        + (summary.falsePositivesWithinGoal() ? ":white_check_mark:" : ":x:") + ", auto-resolved "
        + percent(summary.autoResolveRate()) + " of the alerts that needed a fix (goal " + percent(summary.autoResolveGoal())
        + ") " + (summary.autoResolveWithinGoal() ? ":white_check_mark:" : ":x:") + "\n_Noisiest first:_");
    for (AlertQualityReport.Row row : rows) {
      text.append("\n• `").append(row.alertname()).append("` on ").append(row.service()).append(": fired ")
          .append(row.fired()).append(", auto-resolved ").append(row.autoResolved()).append(", cleared by itself ")
          .append(row.resolvedByItself()).append(", paged ").append(row.paged()).append(", noise ").append(row.resolvedAsNoise())
          .append(", false positives ")
          .append(Math.round(row.falsePositiveRate() * 100)).append("%");
      row.suggestions().forEach(s -> text.append("\n    → ").append(s));
    }
    return CommandReply.ephemeral(text.toString());
  }

  private CommandReply markNoise(CommandInvocation invocation) {
    List<String> args = invocation.args();
    if (args.size() < 2) {
      throw new UsageException("Name the alert's fingerprint or the remediation: `alerts noise <fingerprint> [reason]`.");
    }
    String which = args.get(1);
    String reason = invocation.rest(2);
    String by = invocation.user().identity();
    java.util.Optional<AlertNoise.Mark> mark;
    if (which.startsWith(dev.pitcrew.workflows.remediation.RemediationIds.PREFIX)) {
      mark = noise.markRemediation(which, reason, by);
    } else if (which.matches("[A-Za-z0-9._:-]{1,128}")) {
      mark = noise.markAlert(which, reason, by);
    } else {
      throw new UsageException("`" + which + "` is neither an alert fingerprint nor a remediation ID.");
    }
    AlertNoise.Mark marked = mark.orElseThrow(() -> new UsageException("Pitcrew never received an alert for `" + which
        + "`."));
    return CommandReply.inChannel(":mute: `" + marked.alertname() + "` on " + marked.service() + " marked as noise by "
        + by + (reason == null ? "" : ": " + reason) + ". It counts as a false positive in `/pitcrew alerts report`.",
        which);
  }

  private static String percent(double share) {
    return Math.round(share * 100) + "%";
  }
}
