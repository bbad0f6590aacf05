package dev.pitcrew.api.hooks;

import dev.pitcrew.api.incidents.IncidentCommands;
import dev.pitcrew.api.incidents.IncidentTable;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.incident.Acknowledge;
import dev.pitcrew.workflows.incident.IncidentIds;
import dev.pitcrew.workflows.incident.Note;
import dev.pitcrew.workflows.incident.Resolve;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns what people did in PagerDuty into signals of the Pitcrew incident. Events Pitcrew does not act on, and
 * incidents it does not know or that have ended, are answered as ignored (2xx): PagerDuty would otherwise retry
 * them, and no retry can change the answer. The one exception: when PagerDuty's REST API must be asked which
 * incident an event belongs to and cannot answer now, the delivery fails with 503 so PagerDuty delivers it again.
 */
@Component
class PagerDutyEventHandler {
  static final String SOURCE = "pagerduty";
  private static final String UNKNOWN_AGENT = "PagerDuty";

  private final IncidentCommands commands;
  private final PagerDutyIncidentLinks links;
  private final PagerDutyIncidentLookup lookup;
  private final AlertmanagerGroupKeys groupKeys;
  private final IncidentTable incidents;

  PagerDutyEventHandler(IncidentCommands commands, PagerDutyIncidentLinks links, PagerDutyIncidentLookup lookup,
      AlertmanagerGroupKeys groupKeys, IncidentTable incidents) {
    this.commands = commands;
    this.links = links;
    this.lookup = lookup;
    this.groupKeys = groupKeys;
    this.incidents = incidents;
  }

  /**
   * The Pitcrew incident an {@code incident_key} stands for: Pitcrew's own pages carry the incident ID itself;
   * PagerDuty incidents Alertmanager's {@code pagerduty_config} triggered carry the SHA-256 hex of the group key,
   * which stands for the newest incident Pitcrew opened for that group. Anything else is returned as it is.
   */
  private String pitcrewIncidentOf(String incidentKey) {
    if (incidentKey == null || isPitcrewIncident(incidentKey) || !AlertmanagerGroupKeys.looksLikeHash(incidentKey)) {
      return incidentKey;
    }
    // Not on record yet (the incident opened a moment ago): the key's first incident, as the intake numbers them.
    return groupKeys.dedupKeyOf(incidentKey)
        .map(dedupKey -> incidents.latestOf(dedupKey).map(IncidentTable.Latest::incidentId)
            .orElseGet(() -> IncidentIds.workflowIdFor(dedupKey)))
        .orElse(incidentKey);
  }

  /**
   * The event's incident_key, else (note events) the Pitcrew incident its PagerDuty incident was seen with, else
   * (with a REST API token) the incident_key PagerDuty's REST API gives for it, remembered for the next event.
   */
  private String incidentOf(PagerDutyWebhookEvent event, String keyed) {
    if (keyed != null || event.pagerDutyIncident() == null) {
      return keyed;
    }
    Optional<String> known = links.incidentOf(event.pagerDutyIncident());
    if (known.isPresent()) {
      return known.get();
    }
    String field = PagerDutyWebhookEvent.ANNOTATED.equals(event.type()) ? "event.data.incident.id" : "event.data.id";
    Optional<String> looked = lookup.incidentKeyOf(event.pagerDutyIncident(), field).map(this::pitcrewIncidentOf);
    looked.filter(PagerDutyEventHandler::isPitcrewIncident)
        .ifPresent(incidentId -> links.remember(event.pagerDutyIncident(), incidentId));
    return looked.orElse(null);
  }

  private static boolean isPitcrewIncident(String incidentKey) {
    return incidentKey != null && incidentKey.startsWith(IncidentIds.PREFIX);
  }

  private String whyNoIncident(PagerDutyWebhookEvent event) {
    if (event.pagerDutyIncident() == null) {
      return "the event names no incident";
    }
    String which = "PagerDuty incident " + event.pagerDutyIncident();
    return lookup.enabled()
        ? which + " is unknown to PagerDuty's REST API or has no incident_key; it is not one Pitcrew triggered"
        : which + " is not one Pitcrew triggered, or Pitcrew has not seen its incident_key yet (subscribe to "
            + "incident.triggered too, or set PITCREW_PAGERDUTY_APITOKEN so Pitcrew can ask PagerDuty)";
  }

  /** @param signal the signal sent, or null; {@code ignored} says why nothing was sent */
  record Outcome(String signal, String incidentId, String ignored) {
    static Outcome ignored(String incidentId, String why) {
      return new Outcome(null, incidentId, why);
    }
  }

  Outcome handle(PagerDutyWebhookEvent event) {
    String keyed = pitcrewIncidentOf(event.incidentKey());
    // Learnt from every event that names both, including those not acted on (incident.triggered).
    if (isPitcrewIncident(keyed) && event.pagerDutyIncident() != null) {
      links.remember(event.pagerDutyIncident(), keyed);
    }
    if (PagerDutyWebhookEvent.PING.equals(event.type())) {
      return Outcome.ignored(null, "ping received; the webhook subscription reaches Pitcrew");
    }
    if (!List.of(PagerDutyWebhookEvent.ACKNOWLEDGED, PagerDutyWebhookEvent.RESOLVED, PagerDutyWebhookEvent.ANNOTATED)
        .contains(event.type())) {
      return Outcome.ignored(keyed, "Pitcrew does not act on " + event.type() + " events");
    }
    String incidentId = incidentOf(event, keyed);
    if (incidentId == null) {
      return Outcome.ignored(null, whyNoIncident(event));
    }
    if (!isPitcrewIncident(incidentId)) {
      return Outcome.ignored(incidentId,
          AlertmanagerGroupKeys.looksLikeHash(incidentId)
              ? "incident_key looks like the hash of an Alertmanager group key, but Pitcrew has not taken in that "
                  + "group (or takes alerts in with dedup mode fingerprint); no incident acted on"
              : "incident_key is not a Pitcrew incident ID; PagerDuty incidents Pitcrew did not trigger are not tracked");
    }
    String agent = event.agent() != null ? event.agent() : UNKNOWN_AGENT;
    try {
      return switch (event.type()) {
        case PagerDutyWebhookEvent.ACKNOWLEDGED -> {
          commands.acknowledge(incidentId, new Acknowledge(agent, SOURCE));
          yield new Outcome("acknowledge", incidentId, null);
        }
        case PagerDutyWebhookEvent.RESOLVED -> {
          commands.resolve(incidentId, new Resolve(agent, SOURCE, "Resolved in PagerDuty", List.of()));
          yield new Outcome("resolve", incidentId, null);
        }
        default -> {
          if (event.note() == null) {
            yield Outcome.ignored(incidentId, "the note event carries no note text");
          }
          commands.note(incidentId, new Note(agent, SOURCE, event.note()));
          yield new Outcome("note", incidentId, null);
        }
      };
    } catch (ApiException e) {
      if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.CONFLICT) {
        return Outcome.ignored(incidentId, e.getMessage());
      }
      throw e;
    }
  }
}
