package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.api.incidents.SeverityNames;
import dev.pitcrew.api.incidents.IncidentCommands;
import dev.pitcrew.api.incidents.IncidentIntake;
import dev.pitcrew.api.incidents.IntakeOutcome;
import dev.pitcrew.api.incidents.IntakeResult;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import dev.pitcrew.workflows.incident.Acknowledge;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.ChangeSeverity;
import dev.pitcrew.workflows.incident.Escalate;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.Note;
import dev.pitcrew.workflows.incident.Resolve;
import dev.pitcrew.workflows.incident.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code /pitcrew incident declare|ack|escalate|resolve|note|severity …}: declares an incident or steers one as the
 * Slack user. Each verb is its own permission ({@code incident.ack}, {@code incident.resolve}, …) so a role can
 * acknowledge without being allowed to resolve. Everything goes through the incident intake and
 * {@link IncidentCommands}, the same doors the API and PagerDuty use.
 */
@Component
class IncidentCommand implements SlackCommand {
  static final String SOURCE = "slack";
  private static final Set<String> VERBS = Set.of("declare", "ack", "escalate", "resolve", "note", "severity");

  private final IncidentIntake intake;
  private final IncidentCommands incidents;
  private final IncidentReference reference;
  private final ChatOpsLinks links;
  private final IncidentChatOpsProperties properties;

  IncidentCommand(
      IncidentIntake intake, IncidentCommands incidents, IncidentReference reference, ChatOpsLinks links,
      IncidentChatOpsProperties properties) {
    this.intake = intake;
    this.incidents = incidents;
    this.reference = reference;
    this.links = links;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "incident";
  }

  @Override
  public String arguments() {
    return "declare <title…> [sev1-4] [service:<name>] | ack|escalate|resolve [id] [reason…] | note [id] <text…> "
        + "| severity <sev1-4> [id] [reason…]";
  }

  @Override
  public String summary() {
    return "declare an incident, or acknowledge, escalate, resolve, annotate or re-grade one (the ID may be left "
        + "out in the incident's channel; default service " + properties.defaultService() + ", severity SEV3)";
  }

  @Override
  public List<String> examples() {
    return List.of(
        "incident declare Login errors spiking sev2 service:game-api",
        "incident ack",
        "incident note rolled back game-api to 1.4.2",
        "incident escalate incident-login-errors-spiking-0123456789 nobody on level 1 answers",
        "incident severity sev1 matchmaking is down too",
        "incident resolve bad config reverted; error rate back to normal");
  }

  @Override
  public String permission(List<String> args) {
    return "incident." + verb(args);
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    String verb = verb(invocation.args());
    List<String> words = invocation.args().subList(1, invocation.args().size());
    return switch (verb) {
      case "declare" -> declare(invocation, words);
      case "severity" -> severity(invocation, words);
      default -> signal(invocation, verb, words);
    };
  }

  private static String verb(List<String> args) {
    String verb = args.isEmpty() ? "" : args.getFirst().toLowerCase(Locale.ROOT);
    if (!VERBS.contains(verb)) {
      throw new UsageException(args.isEmpty()
          ? "`incident` needs what to do: declare, ack, escalate, resolve, note or severity."
          : "`incident " + args.getFirst() + "` is not something Pitcrew does; use declare, ack, escalate, resolve, "
              + "note or severity.");
    }
    return verb;
  }

  private CommandReply declare(CommandInvocation invocation, List<String> words) {
    IncidentDeclaration declared = IncidentDeclaration.parse(words, properties.defaultService());
    String who = invocation.user().identity();
    // Stable per Slack request: a retried or resumed request joins the incident it opened instead of a second one.
    String key = "slack:" + invocation.idempotencyKey();
    IntakeResult result = intake.raise(
        IncidentInput.open(key, declared.service(), declared.severity(), declared.title(), null, SOURCE, who, who),
        new Alert(who, SOURCE, key, AlertStatus.FIRING, declared.title()));
    String id = result.incidentId();
    String response = declared.severity().opensChannel()
        ? "Pitcrew pages on-call and opens the incident's channel, where its message has Acknowledge, Escalate, "
            + "Resolve and Severity."
        : "SEV4: recorded and tracked; nobody is paged and no channel is opened.";
    String text = (result.outcome() == IntakeOutcome.OPENED ? ":rotating_light: " + who + " declared" : "Already declared")
        + " incident `" + id + "`: [" + declared.severity() + "] " + declared.title() + " on " + declared.service()
        + ". " + response + " Steer it with `incident ack|escalate|note|resolve " + id + " …`.\n" + links.mrkdwn(id);
    return CommandReply.inChannel(text, id);
  }

  private CommandReply severity(CommandInvocation invocation, List<String> words) {
    Severity severity = words.isEmpty() ? null : SeverityNames.find(words.getFirst()).orElse(null);
    if (severity == null) {
      throw new UsageException("`incident severity` needs the new level first: " + SeverityNames.CHOICES
          + (words.isEmpty() ? "." : ", not `" + words.getFirst() + "`."));
    }
    IncidentReference.Target target = reference.resolve(words.subList(1, words.size()), invocation,
        "incident severity " + severity.name().toLowerCase(Locale.ROOT) + " <incident-id> [reason]");
    incidents.changeSeverity(target.incidentId(),
        new ChangeSeverity(invocation.user().identity(), SOURCE, severity, target.text()));
    return sent(invocation, "changed the severity of", target.incidentId(), " to " + severity);
  }

  private CommandReply signal(CommandInvocation invocation, String verb, List<String> words) {
    String usage = "incident " + verb + " <incident-id>" + switch (verb) {
      case "escalate" -> " [reason]";
      case "resolve" -> " [summary]";
      case "note" -> " <text>";
      default -> "";
    };
    IncidentReference.Target target = reference.resolve(words, invocation, usage);
    String id = target.incidentId();
    String who = invocation.user().identity();
    switch (verb) {
      case "ack" -> {
        if (target.text() != null) {
          throw new UsageException("`incident ack` takes only the incident's ID; add context with `incident note`.");
        }
        incidents.acknowledge(id, new Acknowledge(who, SOURCE));
        return sent(invocation, "acknowledged", id, "");
      }
      case "escalate" -> {
        incidents.escalate(id, new Escalate(who, SOURCE, target.text()));
        return sent(invocation, "escalated", id, " to its next level");
      }
      case "resolve" -> {
        incidents.resolve(id, new Resolve(who, SOURCE, target.text(), List.of()));
        return sent(invocation, "resolved", id, "");
      }
      case "note" -> {
        if (target.text() == null) {
          throw new UsageException("`incident note` needs the text to add to the timeline.");
        }
        incidents.note(id, new Note(who, SOURCE, target.text()));
        return sent(invocation, "added a note to", id, "");
      }
      default -> throw new IllegalStateException("No handler for incident verb " + verb);
    }
  }

  private CommandReply sent(CommandInvocation invocation, String did, String id, String detail) {
    return CommandReply.ephemeral("You (" + invocation.user().identity() + ") " + did + " incident `" + id + "`"
        + detail + "; its channel and timeline show it.\n" + links.mrkdwn(id), id);
  }
}
