package dev.pitcrew.api.incidents;

import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.incident.Acknowledge;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.ChangeSeverity;
import dev.pitcrew.workflows.incident.Escalate;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Note;
import dev.pitcrew.workflows.incident.Resolve;
import dev.pitcrew.workflows.incident.StakeholderUpdate;
import dev.pitcrew.workflows.incident.TimelineEvent;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The timeline as far as the workflow history alone tells it, for when no worker answers the {@code timeline}
 * query: the opening and every signal and accepted decision as it was <em>received</em>. What the workflow did with them (pages, ignored
 * signals, the postmortem) is only known by running it, so those lines are missing here. Only the current run is
 * read: an incident that continued as new shows the signals since then.
 */
@Component
class SignalHistory {
  private final WorkflowClient client;
  private final TemporalCalls temporal;

  SignalHistory(WorkflowClient client, TemporalCalls temporal) {
    this.client = client;
    this.temporal = temporal;
  }

  List<TimelineLine> received(String incidentId) {
    List<HistoryEvent> history = temporal.call(incidentId, () -> client.fetchHistory(incidentId).getEvents());
    DataConverter converter = client.getOptions().getDataConverter();
    List<TimelineLine> lines = new ArrayList<>();
    for (HistoryEvent event : history) {
      Instant at = Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
      if (event.hasWorkflowExecutionStartedEventAttributes()) {
        IncidentInput input = decode(converter,
            event.getWorkflowExecutionStartedEventAttributes().getInput(), IncidentInput.class);
        if (input != null && input.continued() == null) {
          lines.add(new TimelineLine(at, TimelineEvent.OPENED.name(), input.openedBy(), input.source(),
              "[" + input.severity() + "] " + input.title()));
        }
      } else if (event.hasWorkflowExecutionSignaledEventAttributes()) {
        var signal = event.getWorkflowExecutionSignaledEventAttributes();
        line(converter, at, signal.getSignalName(), signal.getInput()).ifPresent(lines::add);
      } else if (event.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
        // A decision (acknowledge, escalate, resolve, severity) its validator accepted.
        var decision = event.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput();
        line(converter, at, decision.getName(), decision.getArgs()).ifPresent(lines::add);
      }
    }
    return lines;
  }

  private static Optional<TimelineLine> line(DataConverter converter, Instant at, String name, Payloads input) {
    TimelineLine line = switch (name) {
      case IncidentWorkflow.ALERT_SIGNAL -> {
        Alert alert = decode(converter, input, Alert.class);
        yield alert == null ? null : new TimelineLine(at,
            (alert.status() == AlertStatus.RESOLVED ? TimelineEvent.ALERT_RESOLVED : TimelineEvent.ALERT).name(),
            alert.actor(), alert.source(), alert.alertKey() + (alert.summary() == null ? "" : ": " + alert.summary()));
      }
      case IncidentWorkflow.ACKNOWLEDGE -> {
        Acknowledge ack = decode(converter, input, Acknowledge.class);
        yield ack == null ? null : new TimelineLine(at, TimelineEvent.ACKNOWLEDGED.name(), ack.actor(), ack.source(),
            "Acknowledgement received");
      }
      case IncidentWorkflow.ESCALATE -> {
        Escalate escalate = decode(converter, input, Escalate.class);
        yield escalate == null ? null : new TimelineLine(at, TimelineEvent.ESCALATED.name(), escalate.actor(),
            escalate.source(), "Escalation requested" + (escalate.reason() == null ? "" : ": " + escalate.reason()));
      }
      case IncidentWorkflow.RESOLVE -> {
        Resolve resolve = decode(converter, input, Resolve.class);
        yield resolve == null ? null : new TimelineLine(at, TimelineEvent.RESOLVED.name(), resolve.actor(),
            resolve.source(), resolve.summary() == null ? "Resolution received" : resolve.summary());
      }
      case IncidentWorkflow.CHANGE_SEVERITY -> {
        ChangeSeverity change = decode(converter, input, ChangeSeverity.class);
        yield change == null ? null : new TimelineLine(at, TimelineEvent.SEVERITY_CHANGED.name(), change.actor(),
            change.source(), "Severity change to " + change.severity()
                + (change.reason() == null ? "" : ": " + change.reason()));
      }
      case IncidentWorkflow.NOTE_SIGNAL -> {
        Note note = decode(converter, input, Note.class);
        yield note == null ? null
            : new TimelineLine(at, TimelineEvent.NOTE.name(), note.actor(), note.source(), note.text());
      }
      case IncidentWorkflow.STAKEHOLDER_UPDATE_SIGNAL -> {
        StakeholderUpdate update = decode(converter, input, StakeholderUpdate.class);
        yield update == null ? null : new TimelineLine(at, TimelineEvent.STAKEHOLDER_UPDATE.name(), update.actor(),
            update.source(), update.text());
      }
      default -> null;
    };
    return Optional.ofNullable(line);
  }

  /** Null when the payload is not the expected record (an older shape): that line is left out, not guessed. */
  private static <T> T decode(DataConverter converter, Payloads payloads, Class<T> type) {
    try {
      return converter.fromPayloads(0, Optional.of(payloads), type, type);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }
}
