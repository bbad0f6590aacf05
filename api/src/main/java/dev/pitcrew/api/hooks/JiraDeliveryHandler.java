package dev.pitcrew.api.hooks;

import dev.pitcrew.api.hooks.JiraDelivery.Change;
import dev.pitcrew.api.hooks.JiraDelivery.Issue;
import dev.pitcrew.api.hooks.JiraDelivery.User;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.tickets.TicketQueries;
import dev.pitcrew.api.tickets.TicketSignals;
import dev.pitcrew.api.tickets.TicketSlaStarter;
import dev.pitcrew.workflows.sla.TicketEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns a JIRA delivery into typed {@code event} signals of the ticket's SLA run (facts from the system of record,
 * which the run never refuses). Issue events use signal-with-start, so an issue Pitcrew first hears of through an
 * update still gets its run; a comment only ever reaches a run that exists.
 */
@Component
class JiraDeliveryHandler {
  private static final String DEFAULT_STATUS = "Open";
  /** The events an answer lists, by the JIRA field they came from. */
  private static final String STATUS = "status";
  private static final String PRIORITY = "priority";
  private static final String ASSIGNEE = "assignee";
  private static final String FIRST_RESPONSE = "first-response";

  private final TicketSlaStarter starter;
  private final TicketSignals signals;
  private final TicketQueries tickets;
  private final JiraTicketState state;

  JiraDeliveryHandler(TicketSlaStarter starter, TicketSignals signals, TicketQueries tickets, JiraTicketState state) {
    this.starter = starter;
    this.signals = signals;
    this.tickets = tickets;
    this.state = state;
  }

  /** What was done, for JIRA's delivery log and for whoever reads the answer while setting the webhook up. */
  record Outcome(String ticketKey, List<String> signals, String workflowId, String ignored, String detail) {
    static final String STALE = "stale";

    Outcome(String ticketKey, List<String> signals, String workflowId, String ignored) {
      this(ticketKey, signals, workflowId, ignored, null);
    }

    static Outcome ignored(String ticketKey, String why) {
      return new Outcome(ticketKey, List.of(), null, why);
    }

    static Outcome stale(String ticketKey, String why) {
      return new Outcome(ticketKey, List.of(), null, STALE, why);
    }
  }

  Outcome handle(JiraDelivery delivery) {
    Issue issue = delivery.issue();
    boolean changesState = JiraDelivery.ISSUE_CREATED.equals(delivery.event())
        || JiraDelivery.ISSUE_UPDATED.equals(delivery.event());
    if (changesState && delivery.timestampMillis() != null
        && !state.advance(issue.key(), delivery.timestampMillis(), delivery.changelogId())) {
      return Outcome.stale(issue.key(), "JIRA made this " + delivery.event() + " at " + delivery.timestampMillis()
          + (delivery.changelogId() == null ? "" : " (changelog " + delivery.changelogId() + ")")
          + ", before a delivery already applied to " + issue.key() + " (" + state.lastApplied(issue.key())
          .map(String::valueOf).orElse("?") + "); it cannot override newer state, so nothing was done");
    }
    if (changesState && issue.reporter() != null && issue.reporter().accountId() != null) {
      state.rememberRequester(issue.key(), issue.reporter().accountId());
    }
    return switch (delivery.event()) {
      case JiraDelivery.ISSUE_CREATED -> {
        String status = issue.status() == null ? DEFAULT_STATUS : issue.status();
        String workflowId = starter.signal(issue.asTicket(), TicketEvent.status(status));
        yield new Outcome(issue.key(), List.of(STATUS), workflowId, null);
      }
      case JiraDelivery.ISSUE_UPDATED -> updated(issue, delivery.changes());
      case JiraDelivery.COMMENT_CREATED -> commented(issue, delivery.comment());
      default -> Outcome.ignored(issue.key(), "Pitcrew does not act on " + delivery.event() + " events");
    };
  }

  private Outcome updated(Issue issue, List<Change> changes) {
    List<String> sent = new ArrayList<>();
    String workflowId = null;
    for (Change change : changes) {
      String field = change.field().toLowerCase(Locale.ROOT);
      // The assignee's new value is an account ID in "to"; statuses and priorities are matched by name.
      TicketEvent event = switch (field) {
        case STATUS -> TicketEvent.status(change.toName());
        case PRIORITY -> TicketEvent.priority(change.toName());
        case ASSIGNEE -> TicketEvent.assignee(change.to() != null ? change.to() : change.toName());
        default -> null;
      };
      if (event == null) {
        continue;
      }
      workflowId = starter.signal(issue.asTicket(), event);
      sent.add(field);
    }
    if (sent.isEmpty()) {
      return Outcome.ignored(issue.key(), "no status, priority or assignee change in the changelog");
    }
    return new Outcome(issue.key(), sent, workflowId, null);
  }

  private Outcome commented(Issue issue, JiraDelivery.Comment comment) {
    User author = comment.author();
    if (comment.internal()) {
      return Outcome.ignored(issue.key(), "an internal comment (jsdPublic false) is not a response to the requester");
    }
    if (byRequester(issue, author)) {
      return Outcome.ignored(issue.key(), "a comment by the reporter is not a response");
    }
    String by = author.displayName() != null ? author.displayName() : author.identity();
    try {
      String workflowId = signals.send(issue.key(), TicketEvent.firstResponse(by));
      return new Outcome(issue.key(), List.of(FIRST_RESPONSE), workflowId, null);
    } catch (ApiException e) {
      if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.CONFLICT) {
        return Outcome.ignored(issue.key(), e.getMessage());
      }
      throw e;
    }
  }

  /**
   * The reporter from the payload, or (comment payloads leave it out) the requester Pitcrew recorded: by account ID
   * (JIRA Cloud; emails are usually hidden), else by the email the ticket was created with.
   */
  private boolean byRequester(Issue issue, User author) {
    if (issue.reporter() != null && author.sameAs(issue.reporter())) {
      return true;
    }
    if (author.accountId() != null
        && state.requesterOf(issue.key()).filter(author.accountId()::equals).isPresent()) {
      return true;
    }
    if (issue.reporter() != null || author.emailAddress() == null) {
      return false;
    }
    String requester = tickets.find(issue.key()).map(t -> (String) t.get("requesterEmail")).orElse(null);
    return requester != null && requester.equalsIgnoreCase(author.emailAddress());
  }
}
