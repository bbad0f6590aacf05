package dev.pitcrew.activities.sla;

import dev.pitcrew.activities.email.EmailSender;
import dev.pitcrew.activities.jira.JiraCloudApi;
import dev.pitcrew.activities.notifications.NotificationLog;
import dev.pitcrew.activities.notifications.NotificationLog.Delivery;
import dev.pitcrew.activities.notifications.NotificationLog.Notification;
import dev.pitcrew.activities.pagerduty.PagerDutyEvent;
import dev.pitcrew.activities.pagerduty.PagerDutyEvents;
import dev.pitcrew.activities.pagerduty.PagerDutyProperties;
import dev.pitcrew.activities.slack.SlackDelivery;
import dev.pitcrew.workflows.incident.Severity;
import dev.pitcrew.workflows.sla.SlaAcknowledgementActivities;
import dev.pitcrew.workflows.sla.SlaAlert;
import dev.pitcrew.workflows.sla.SlaGoal;
import dev.pitcrew.workflows.sla.SlaNotificationActivities;
import dev.pitcrew.workflows.sla.TicketAssignment;
import dev.pitcrew.workflows.sla.TicketSlaInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Sends each SLA notification through its real channel when that integration is configured, and writes every
 * one into the notification log, marked sent or not configured. Breach pages go through the same PagerDuty port as
 * incident pages: the Events API when a routing key is configured, the integration outbox otherwise.
 */
@Component
public class SlaNotificationActivitiesImpl implements SlaNotificationActivities, SlaAcknowledgementActivities {
  private final NotificationLog log;
  private final EmailSender email;
  private final SlackDelivery slack;
  private final ObjectProvider<JiraCloudApi> jira;
  private final SlaMetrics metrics;
  private final PagerDutyEvents pagerDuty;
  private final PagerDutyProperties pagerDutyProperties;
  private final Clock clock;

  public SlaNotificationActivitiesImpl(
      NotificationLog log, EmailSender email, SlackDelivery slack, ObjectProvider<JiraCloudApi> jira,
      SlaMetrics metrics, PagerDutyEvents pagerDuty, PagerDutyProperties pagerDutyProperties) {
    this.log = log;
    this.email = email;
    this.slack = slack;
    this.jira = jira;
    this.metrics = metrics;
    this.pagerDuty = pagerDuty;
    this.pagerDutyProperties = pagerDutyProperties;
    this.clock = Clock.systemUTC();
  }

  @Override
  public void acknowledge(TicketSlaInput ticket, TicketAssignment assignment, long firstResponseDueAtMillis) {
    if (ticket.requesterEmail() == null) {
      return;
    }
    Notification n = acknowledgement(ticket, assignment, firstResponseDueAtMillis);
    if (email.configured()) {
      email.send(ticket.requesterEmail(), n.subject(), n.body());
      log.write(n, Delivery.SENT);
    } else {
      log.write(n, Delivery.NOT_CONFIGURED);
    }
  }

  @Override
  public boolean acknowledgeWithoutMail(
      TicketSlaInput ticket, TicketAssignment assignment, long firstResponseDueAtMillis) {
    if (ticket.requesterEmail() == null) {
      return true;
    }
    if (email.configured()) {
      return false;
    }
    log.write(acknowledgement(ticket, assignment, firstResponseDueAtMillis), Delivery.NOT_CONFIGURED);
    return true;
  }

  private static Notification acknowledgement(
      TicketSlaInput ticket, TicketAssignment assignment, long firstResponseDueAtMillis) {
    String subject = "[" + ticket.ticketKey() + "] We received your request: " + ticket.title();
    String due = firstResponseDueAtMillis == 0 ? "as soon as we can"
        : "by " + Instant.ofEpochMilli(firstResponseDueAtMillis);
    String body = "Hello,\n\nthanks for contacting support. Your request " + ticket.ticketKey()
        + " is with our " + assignment.queue() + " team; you will hear from us " + due + ".\n";
    return new Notification("ack/" + ticket.ticketKey(), ticket.ticketKey(), "ACKNOWLEDGEMENT", "email",
        ticket.requesterEmail(), subject, body);
  }

  @Override
  public void assignInJira(String ticketKey, String source, TicketAssignment assignment) {
    if (!TicketSlaInput.SOURCE_JIRA.equals(source) || assignment.assignee() == null) {
      return;
    }
    Notification n = new Notification("assign/" + ticketKey + "/" + assignment.assignee(), ticketKey,
        "JIRA_ASSIGNEE", "jira", assignment.assigneeJiraAccountId(), "Assign " + ticketKey,
        "{\"accountId\":\"" + assignment.assigneeJiraAccountId() + "\"}");
    JiraCloudApi client = jira.getIfAvailable();
    if (client != null && assignment.assigneeJiraAccountId() != null) {
      client.assign(ticketKey, Map.of("accountId", assignment.assigneeJiraAccountId()));
      log.write(n, Delivery.SENT);
    } else {
      log.write(n, Delivery.NOT_CONFIGURED);
    }
  }

  @Override
  public void warnAgent(SlaAlert warning) {
    metrics.lateness("warning", warning.dueAtMillis(), clock.millis());
    String subject = "[" + warning.ticketKey() + "] " + warning.percent() + "% of the " + goalName(warning.goal())
        + " goal used";
    String body = "Ticket " + warning.ticketKey() + " (" + warning.title() + ", " + warning.priority() + ") has used "
        + warning.percent() + "% of its " + format(warning.goalMillis()) + " " + goalName(warning.goal())
        + " goal.\n";
    String to = warning.assigneeEmail();
    Notification n = new Notification(
        "warn/" + warning.ticketKey() + "/" + warning.cycle() + "/" + warning.goal() + "/" + warning.percent(),
        warning.ticketKey(), "WARNING", "email", to == null ? warning.queue() : to, subject, body);
    if (email.configured() && to != null) {
      email.send(to, subject, body);
      log.write(n, Delivery.SENT);
    } else {
      log.write(n, Delivery.NOT_CONFIGURED);
    }
  }

  @Override
  public void postBreachToSlack(SlaAlert breach, String channel) {
    String text = ":rotating_light: SLA breached: " + breach.ticketKey() + " \"" + breach.title() + "\" ("
        + breach.priority() + ") missed its " + format(breach.goalMillis()) + " " + goalName(breach.goal())
        + " goal" + (breach.assignee() == null ? "" : "; assigned to " + breach.assignee()) + ".";
    Notification n = new Notification(
        "slack/" + breach.ticketKey() + "/" + breach.cycle() + "/" + breach.goal(), breach.ticketKey(), "BREACH",
        "slack", channel, "SLA breached", text);
    if (slack.live()) {
      slack.postMessage(channel, null, text, null);
      log.write(n, Delivery.SENT);
    } else {
      log.write(n, Delivery.NOT_CONFIGURED);
    }
  }

  @Override
  public void raisePriority(String ticketKey, String source, String priority) {
    Notification n = new Notification("priority/" + ticketKey + "/" + priority, ticketKey, "PRIORITY_RAISED",
        "jira", ticketKey, "Raise priority to " + priority, "{\"fields\":{\"priority\":{\"name\":\"" + priority
        + "\"}}}");
    JiraCloudApi client = jira.getIfAvailable();
    if (client != null && TicketSlaInput.SOURCE_JIRA.equals(source)) {
      client.editIssue(ticketKey, Map.of("fields", Map.of("priority", Map.of("name", priority))));
      log.write(n, Delivery.SENT);
    } else {
      log.write(n, Delivery.NOT_CONFIGURED);
    }
  }

  /**
   * Pages the PagerDuty service named like the ticket's queue when one is configured, else the default service.
   * The dedup key names the ticket, cycle and goal, so a retried activity never pages twice. With no PagerDuty
   * configured at all the page goes to the outbox; with PagerDuty configured but no key for either service, it is
   * logged as not configured rather than failing the breach.
   */
  @Override
  public void page(SlaAlert breach) {
    String summary = "SLA breached: " + breach.ticketKey() + " (" + breach.priority() + ")";
    String details = breach.ticketKey() + " missed its " + goalName(breach.goal()) + " goal";
    String service = pagerDutyProperties.routingKeyFor(breach.queue()).isPresent()
        ? breach.queue() : Severity.DEFAULT_PAGERDUTY_SERVICE;
    boolean routable = pagerDutyProperties.routingKeyFor(service).isPresent();
    if (routable || !pagerDutyProperties.configured()) {
      String dedupKey = "sla/" + breach.ticketKey() + "/" + breach.cycle() + "/" + breach.goal();
      pagerDuty.send(new PagerDutyEvent("trigger", service, dedupKey, summary, "pitcrew-sla", "error",
          breach.queue(), Map.of("ticket", breach.ticketKey(), "priority", String.valueOf(breach.priority()),
              "goal", goalName(breach.goal()))));
    }
    log.write(new Notification("page/" + breach.ticketKey() + "/" + breach.cycle() + "/" + breach.goal(),
        breach.ticketKey(), "PAGE", "pagerduty", service, summary, details),
        routable ? Delivery.SENT : Delivery.NOT_CONFIGURED);
  }

  private static String goalName(SlaGoal goal) {
    return goal == SlaGoal.FIRST_RESPONSE ? "first-response" : "resolution";
  }

  private static String format(long millis) {
    Duration d = Duration.ofMillis(millis);
    return d.toHours() > 0 ? d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "")
        : d.toMinutes() > 0 ? d.toMinutes() + "m" + (d.toSecondsPart() > 0 ? d.toSecondsPart() + "s" : "")
        : d.toSeconds() + "s";
  }
}
