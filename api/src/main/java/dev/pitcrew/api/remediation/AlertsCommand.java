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

/** {@code /pitcrew alerts report [window]}: the alert-quality report, noisiest alerts first. */
@Component
class AlertsCommand implements SlackCommand {
  static final int LIMIT = 10;

  private final AlertQualityReport report;

  AlertsCommand(AlertQualityReport report) {
    this.report = report;
  }

  @Override
  public String name() {
    return "alerts";
  }

  @Override
  public String arguments() {
    return "report [window, e.g. 7d]";
  }

  @Override
  public String summary() {
    return "the alert-quality report: fired, auto-resolved, cleared by itself, paged, false positives, suggestions";
  }

  @Override
  public List<String> examples() {
    return List.of("alerts report", "alerts report 24h");
  }

  @Override
  public String permission() {
    return "read";
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    List<String> args = invocation.args();
    if (args.isEmpty() || !args.get(0).equals("report")) {
      throw new UsageException("Try `alerts report` or `alerts report 24h`.");
    }
    String window = args.size() > 1 ? args.get(1) : "7d";
    Duration span;
    try {
      span = AlertQualityController.parse(window);
    } catch (ApiException bad) {
      throw new UsageException("The window " + bad.getMessage().replace("window: ", "") + ".");
    }
    Instant to = Instant.now();
    List<AlertQualityReport.Row> rows = report.compute(to.minus(span), to, null).stream()
        .sorted(Comparator.comparingInt(AlertQualityReport.Row::fired).reversed()).limit(LIMIT).toList();
    if (rows.isEmpty()) {
      return CommandReply.ephemeral("No alerts in the last " + window + ".");
    }
    StringBuilder text = new StringBuilder("*Alert quality, last " + window + "* (noisiest first)");
    for (AlertQualityReport.Row row : rows) {
      text.append("\n• `").append(row.alertname()).append("` on ").append(row.service()).append(": fired ")
          .append(row.fired()).append(", auto-resolved ").append(row.autoResolved()).append(", cleared by itself ")
          .append(row.resolvedByItself()).append(", paged ").append(row.paged()).append(", false positives ")
          .append(Math.round(row.falsePositiveRate() * 100)).append("%");
      row.suggestions().forEach(s -> text.append("\n    → ").append(s));
    }
    return CommandReply.ephemeral(text.toString());
  }
}
